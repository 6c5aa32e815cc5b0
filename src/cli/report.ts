import { type Command, Option } from "commander";
import type { Dataset } from "../data/dataset.js";
import { loadModel } from "../model/file.js";
import { UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";
import { parseTestOption, readCliData } from "./read-data.js";

interface ReportCliOptions {
  output: string;
  data?: string;
  strain?: string;
  stress?: string;
  shear?: "engineering" | "tensor";
  delimiter?: string;
  strainFactor?: string;
  stressFactor?: string;
  test?: string;
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
    .option("--strain-factor <f>", "multiply the strains of --data by f (e.g. 0.01 for %)")
    .option("--stress-factor <f>", "multiply the stresses of --data by f (e.g. 1e6 for MPa to Pa)")
    .option(
      "--test <mode>",
      "--data is one test curve of this mode (uniaxial, equibiaxial, pure-shear, biaxial, simple-shear); a file with a 'test' column needs none",
    )
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
        "    --data miann-demo/data.csv --png miann-demo/figures -o miann-demo/report.html --force\n" +
        "Test curves (P against λ per test, R² per test):\n" +
        "  miann data generate --material ogden-membrane --tests uniaxial,equibiaxial,pure-shear -o rubber.csv\n" +
        "  miann train rubber.csv -o rubber.json && miann report rubber.json --data rubber.csv -o rubber.html",
    )
    .action(async (modelPath: string, opts: ReportCliOptions) => {
      const paths = [modelPath, ...(opts.compare ?? [])];
      const inputs = [
        ...paths.map((path) => ({ path, what: "a model of the report" })),
        { path: opts.data, what: "the --data file" },
        { path: opts.fe, what: "the --fe folder" },
      ];
      checkOutputPath(opts.output, { force: opts.force === true, inputs });
      // --png is a folder: checked now, so a file in the way fails before the HTML is written
      if (opts.png !== undefined) checkOutputPath(opts.png, { kind: "folder", option: "--png", inputs });
      const models = paths.map((path) => ({ ...loadModel(path), path }));
      let data: Dataset | undefined;
      if (opts.data !== undefined) {
        const { modes } = parseTestOption(opts.test !== undefined ? [opts.test] : undefined);
        const read = readCliData([opts.data], opts, modes);
        data = read.data;
        for (const w of read.warnings) process.stderr.write(`miann: warning: ${w}\n`);
        if (data.dim !== models[0].model.dim) {
          throw new UserError(
            `${opts.data}: expected d = ${models[0].model.dim} strain and stress components, got ${data.dim}`,
          );
        }
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
