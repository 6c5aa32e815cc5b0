#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { enableRelaxedSimd } from "../kernels/relaxed-simd-node.js";
import { describeCode } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { version } from "../version.js";

type Register = (program: Command) => void;

/**
 * The commands in the order `miann --help` lists them, each loaded only when needed: `miann train`
 * does not load the report's figure library (vega) or the FE code, which made start-up ~0.3 s slower.
 */
const COMMANDS: [string, () => Promise<Register>][] = [
  ["data", async () => (await import("./data.js")).registerData],
  ["train", async () => (await import("./train.js")).registerTrain],
  ["predict", async () => (await import("./predict.js")).registerPredict],
  ["evaluate", async () => (await import("./evaluate.js")).registerEvaluate],
  ["check", async () => (await import("./check.js")).registerCheck],
  ["import", async () => (await import("./import.js")).registerImport],
  ["export", async () => (await import("./export.js")).registerExport],
  ["fe", async () => (await import("./fe.js")).registerFe],
  ["report", async () => (await import("./report.js")).registerReport],
  ["demo", async () => (await import("./demo.js")).registerDemo],
  ["playground", async () => (await import("./playground.js")).registerPlayground],
];

/**
 * Builds the `miann` command line; each command lives in its own file as a thin layer over the API.
 * With `only` naming a command, just that one is registered (what a run of it needs); otherwise all
 * (for --help, --version and the suggestions after a mistyped command).
 */
export async function buildProgram(only?: string): Promise<Command> {
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
  const wanted = COMMANDS.filter(([name]) => name === only);
  for (const [, load] of wanted.length ? wanted : COMMANDS) (await load())(program);
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
  const program = await buildProgram(argv[2]);
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
