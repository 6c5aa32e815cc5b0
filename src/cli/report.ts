import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import type { Dataset } from "../data/dataset.js";
import { readDataset } from "../data/read-dataset.js";
import { loadModel } from "../model/file.js";
import { UserError } from "../util/errors.js";
import { parseColumns, parseDelimiter } from "./parse-options.js";

interface ReportCliOptions {
  output: string;
  data?: string;
  strain?: string;
  stress?: string;
  shear?: "engineering" | "tensor";
  delimiter?: string;
  compare?: string[];
  fe?: string;
  png?: string;
  title?: string;
  material?: string;
  force?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .summary("write a self-contained HTML report of a model, with plots (optionally PNGs)")
    .description(
      "One HTML file, readable offline and printable (SVG figures inline, no scripts): the model " +
        "(architecture, parameters, scaling, training settings and time), the loss history, parity " +
        "plots on the test split, stress-strain curves along uniaxial, equibiaxial and shear paths " +
        "(with the data's reference law when it is a built-in one), energy and smallest-tangent-" +
        "eigenvalue maps on 2D strain slices (red = not convex), the guarantees C1-C4 of `miann check` " +
        "and, with --fe, the time series an FE experiment wrote. --compare adds other models to " +
        "every plot and table.",
    )
    .argument("<model>", "model file (JSON) written by miann train, import or demo")
    .requiredOption("-o, --output <file>", "the HTML report to write")
    .option("--data <csv>", "strain-stress data (parity plots, training points, the guarantee checks)")
    .option("--strain <cols>", "strain columns of --data, e.g. 1-3 or E11,E22,G12")
    .option("--stress <cols>", "stress columns of --data, e.g. 4-6 or S11,S22,S12")
    .option("--delimiter <d>", "CSV field delimiter: ',', ';', tab or space (default: sniffed)")
    .addOption(
      new Option(
        "--shear <convention>",
        "shear strain columns of --data hold engineering (2E12) or tensor (E12) shear",
      ).choices(["engineering", "tensor"]),
    )
    .option("--compare <models...>", "other model files to draw alongside")
    .option(
      "--material <name>",
      "built-in reference law to draw (default: the one recorded when the model was trained on generated data)",
    )
    .option("--fe <dir>", "folder an FE experiment wrote (miann fe ... -o DIR): plots every CSV in it")
    .option("--png <dir>", "also write every figure as a PNG into this folder")
    .option("--title <text>", "the report's title")
    .option("--force", "replace an existing report (and PNGs of the same names)")
    .addHelpText(
      "after",
      "\nExample (after `miann demo`, which writes the folder miann-demo):\n" +
        "  miann report miann-demo/miann.json --compare miann-demo/potential.json miann-demo/regression.json \\\n" +
        "    --data miann-demo/data.csv --png miann-demo/figures -o miann-demo/report.html --force",
    )
    .action(async (modelPath: string, opts: ReportCliOptions) => {
      const paths = [modelPath, ...(opts.compare ?? [])];
      const inputs = [...paths, ...(opts.data !== undefined ? [opts.data] : [])];
      if (inputs.some((p) => resolve(p) === resolve(opts.output))) {
        throw new UserError(`${opts.output}: the report would overwrite an input file`);
      }
      if (existsSync(opts.output) && statSync(opts.output).isDirectory()) {
        throw new UserError(`${opts.output}: is a folder; expected the name of the HTML file to write`);
      }
      if (existsSync(opts.output) && opts.force !== true) {
        throw new UserError(`${opts.output}: already exists; use --force to replace it`);
      }
      const models = paths.map((path) => ({ ...loadModel(path), path }));
      let data: Dataset | undefined;
      if (opts.data !== undefined) {
        data = readDataset(opts.data, {
          strain: opts.strain !== undefined ? parseColumns(opts.strain, "--strain") : undefined,
          stress: opts.stress !== undefined ? parseColumns(opts.stress, "--stress") : undefined,
          shear: opts.shear,
          ...(opts.delimiter !== undefined ? { delimiter: parseDelimiter(opts.delimiter) } : {}),
          dim: models[0].model.dim,
        });
      }
      // loaded on use: vega, vega-lite and resvg would slow the start of every other command
      const { writeReport } = await import("../report/index.js");
      const result = await writeReport({
        models,
        data,
        feDir: opts.fe,
        out: opts.output,
        pngDir: opts.png,
        title: opts.title,
        material: opts.material,
        overwrite: opts.force === true,
      });
      const mb = (result.bytes / 1e6).toFixed(2);
      process.stdout.write(`wrote ${result.path} (${result.figures} figures, ${mb} MB)\n`);
      if (result.png.length > 0) {
        process.stdout.write(`wrote ${result.png.length} PNG files into ${opts.png}\n`);
      }
    });
}
