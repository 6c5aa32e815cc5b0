#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { enableRelaxedSimd } from "../kernels/relaxed-simd-node.js";
import { describeCode } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { version } from "../version.js";
import { registerCheck } from "./check.js";
import { registerData } from "./data.js";
import { registerDemo } from "./demo.js";
import { registerEvaluate } from "./evaluate.js";
import { registerExport } from "./export.js";
import { registerFe } from "./fe.js";
import { registerImport } from "./import.js";
import { registerPlayground } from "./playground.js";
import { registerPredict } from "./predict.js";
import { registerReport } from "./report.js";
import { registerTrain } from "./train.js";

/** Builds the `miann` command line; each command lives in its own file as a thin layer over the API. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("miann")
    .description(
      "Mechanics-informed neural networks for hyperelastic material laws:\n" +
        "train from strain-stress data, evaluate stress and tangent, check the guarantees, export.",
    )
    .version(version, "-V, --version")
    // descriptions are written with their own line breaks at ≤ 100 columns: do not re-wrap them
    .configureHelp({ helpWidth: 110 })
    .showHelpAfterError("(run the command with --help for its options)")
    .exitOverride()
    .addHelpText(
      "after",
      "\nA first session (each command's --help has more):\n" +
        "  miann demo                                   # the paper's comparison on built-in fabric data\n" +
        "  miann data generate -o data.csv              # 5000 strain-stress pairs of the fabric law\n" +
        "  miann train data.csv -o model.json           # train the mechanics-informed model\n" +
        "  miann check model.json --data data.csv       # the guarantees, pass/fail\n" +
        "  miann report model.json --data data.csv -o report.html\n" +
        "  miann export model.json --to c -o material.c # C99 energy, stress and tangent\n" +
        "  miann playground                             # all of it in a browser tab, nothing installed",
    );
  registerData(program);
  registerTrain(program);
  registerPredict(program);
  registerEvaluate(program);
  registerCheck(program);
  registerImport(program);
  registerExport(program);
  registerFe(program);
  registerReport(program);
  registerDemo(program);
  registerPlayground(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  // the kernels' fused multiply-add build where this Node's engine has relaxed SIMD behind a flag
  enableRelaxedSimd();
  // a closed pipe (e.g. `miann predict ... | head`) ends the output quietly, not with a stack trace
  // a full or failing one (`> /dev/full`) ends with one line, not a raw exception
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    process.stderr.write(
      `miann: cannot write to standard output (${describeCode(err.code ?? String(err))})\n`,
    );
    process.exit(1);
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof UserError) {
      process.stderr.write(`miann: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(
      `miann: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 2;
  },
);
