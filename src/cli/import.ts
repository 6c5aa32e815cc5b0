import { basename, extname } from "node:path";
import { type Command, Option } from "commander";
import { createModel } from "../model/create.js";
import { familyOf } from "../model/families/index.js";
import { modelToFile } from "../model/file-format.js";
import { checkFiniteModel } from "../model/finite.js";
import { readWeightsFile } from "../model/import.js";
import { saveModel } from "../model/save-model.js";
import type { ModelSpec } from "../model/types.js";
import { UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";

interface ImportOptions {
  output: string;
  name?: string;
  kind?: "miann" | "potential" | "polyconvex";
  force: boolean;
}

/** `miann import`: weights trained elsewhere (the fixture layout of docs/theory.md, section "Reference fixtures") → a model file. */
export function registerImport(program: Command): void {
  program
    .command("import")
    .summary("convert weights trained elsewhere (e.g. PyTorch, as JSON) into a model file")
    .description(
      "Convert network weights trained elsewhere (e.g. PyTorch, exported to JSON) into a miann model file.\n" +
        "The input is a JSON object { inputDim, hidden, params: { W1, b1, layers: [{ Q, b, S }], qOut, A,\n" +
        "alpha, beta } } with matrices as nested row-major arrays (see the README, 'Importing weights');\n" +
        'the polyconvex layout (a "variant" key: compressible or membrane) has W1 and S acting on the\n' +
        "invariants, no A, and qGrowth for the compressible variant, as polyconvex-icnn-reference/1 files;\n" +
        "optional keys: kind, and scaling { strainScale, stressScale } (x' = x / D, N = kappa N~(x'), as\n" +
        "`miann export --to pytorch` modules write them with to_miann_json()); other keys are ignored.\n" +
        "Without scaling, the weights act on strain in the units they were trained in.",
    )
    .argument("<weights>", "weights JSON file")
    .requiredOption("-o, --output <file>", "model file to write")
    .option(
      "--name <name>",
      'model name stored in the file (default: the file\'s "name", else the weights file name)',
    )
    .addOption(
      new Option(
        "--kind <kind>",
        'miann: Q and qOut pass through the positive map P (input-convex); potential: used raw; polyconvex: every weight through P, on the invariants (default: the file\'s "kind", polyconvex for the polyconvex layout, else miann)',
      ).choices(["miann", "potential", "polyconvex"]),
    )
    .option("--force", "replace the output file if it exists", false)
    .addHelpText(
      "after",
      `
Example (a 1D network with two units):
  printf '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":1,"beta":2}}' > weights.json
  miann import weights.json -o toy1d-bar.json --name bar`,
    )
    .action((weights: string, opts: ImportOptions) => {
      checkOutputPath(opts.output, {
        force: opts.force,
        inputs: [{ path: weights, what: "the weights file" }],
      });
      const w = readWeightsFile(weights);
      if (opts.kind && w.kind && opts.kind !== w.kind) {
        throw new UserError(`${weights}: kind: the file says "${w.kind}", --kind says "${opts.kind}"`);
      }
      const kind = opts.kind ?? w.kind ?? "miann";
      if (kind === "polyconvex" && w.kind !== "polyconvex") {
        throw new UserError(
          `${weights}: --kind polyconvex needs weights in the polyconvex layout (a "variant" key, W1 acting on the invariants)`,
        );
      }
      const spec: ModelSpec = { kind, inputDim: w.inputDim, hidden: w.hidden };
      if (w.variant) spec.variant = w.variant;
      if (w.norms) spec.norms = true;
      const scaling = w.scaling ?? familyOf(kind).unitScaling(spec);
      const model = createModel(spec, { seed: 0, scaling, params: w.params });
      checkFiniteModel(model, weights, false);
      const name = opts.name ?? w.name ?? basename(weights, extname(weights));
      saveModel(opts.output, modelToFile(model, { name }), { replace: opts.force });
      process.stdout.write(
        `wrote ${opts.output} (${model.name}, d = ${w.inputDim}, ${w.params.length} parameters)\n`,
      );
    });
}
