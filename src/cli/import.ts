import { basename, extname } from "node:path";
import { type Command, Option } from "commander";
import { createModel } from "../model/create.js";
import { modelToFile, saveModel } from "../model/file.js";
import { checkFiniteModel } from "../model/finite.js";
import { readWeightsFile } from "../model/import.js";
import { unitScaling } from "../model/scaling.js";
import { checkOutputPath } from "../util/output-path.js";

interface ImportOptions {
  output: string;
  name?: string;
  kind: "miann" | "potential";
  force: boolean;
}

/** `miann import`: weights trained elsewhere (the fixture layout of DESIGN.md §3) → a model file. */
export function registerImport(program: Command): void {
  program
    .command("import")
    .summary("convert weights trained elsewhere (e.g. PyTorch, as JSON) into a model file")
    .description(
      "Convert network weights trained elsewhere (e.g. PyTorch, exported to JSON) into a miann model file.\n" +
        "The input is a JSON object { inputDim, hidden, params: { W1, b1, layers: [{ Q, b, S }], qOut, A,\n" +
        "alpha, beta } } with matrices as nested row-major arrays (see the README, 'Importing weights');\n" +
        "other keys are ignored. The weights act on strain in the units they were trained in (no scaling).",
    )
    .argument("<weights>", "weights JSON file")
    .requiredOption("-o, --output <file>", "model file to write")
    .option("--name <name>", "model name stored in the file (default: the weights file name)")
    .addOption(
      new Option(
        "--kind <kind>",
        "miann: Q and qOut pass through the positive map P (input-convex); potential: used raw",
      )
        .choices(["miann", "potential"])
        .default("miann"),
    )
    .option("--force", "replace the output file if it exists", false)
    .addHelpText(
      "after",
      `
Example (a 1D network with two units; use --force to replace model.json):
  printf '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":1,"beta":2}}' > weights.json
  miann import weights.json -o model.json --name bar`,
    )
    .action((weights: string, opts: ImportOptions) => {
      checkOutputPath(opts.output, {
        force: opts.force,
        inputs: [{ path: weights, what: "the weights file" }],
      });
      const w = readWeightsFile(weights);
      const spec = { kind: opts.kind, inputDim: w.inputDim, hidden: w.hidden };
      const model = createModel(spec, { seed: 0, scaling: unitScaling(w.inputDim), params: w.params });
      checkFiniteModel(model, weights, false);
      const name = opts.name ?? basename(weights, extname(weights));
      saveModel(opts.output, modelToFile(model, { name }), { replace: opts.force });
      process.stdout.write(
        `wrote ${opts.output} (${model.name}, d = ${w.inputDim}, ${w.params.length} parameters)\n`,
      );
    });
}
