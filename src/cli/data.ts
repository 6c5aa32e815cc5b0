import { type Command, Option } from "commander";
import type { TestMode } from "../data/dataset.js";
import { generateDataset, PATH_KINDS, type PathKind } from "../data/generate.js";
import { generateTestCurves } from "../data/generate-test-curves.js";
import { type DatasetInfo, datasetInfo } from "../data/info.js";
import { materialInfo, materialNames } from "../data/materials/index.js";
import { readDataset } from "../data/read-dataset.js";
import { looksLikeTestCurveFile, readTestCurves } from "../data/read-test-curves.js";
import { writeDatasetAsync } from "../data/write-dataset.js";
import { writeTestCurves } from "../data/write-test-curves.js";
import { UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";
import { checkOutputPath } from "../util/output-path.js";
import { parseColumns, parseDelimiter, parseInteger, parseNumber } from "./parse-options.js";

/** `miann data generate | info | materials`: synthetic data, a dataset's summary, the reference laws. */
export function registerData(program: Command): void {
  const data = program
    .command("data")
    .summary("generate synthetic data, summarise a dataset, list the reference materials")
    .description(
      "Strain-stress datasets: generate one from a reference law along loading paths, summarise a CSV or\n" +
        "JSON file (counts, ranges, σ per stress component, admissibility), list the reference laws.",
    );

  data
    .command("generate")
    // the one line `miann data --help` lists (the description below is wrapped for its own page)
    .summary("generate strain-stress data from a reference law along loading paths")
    .description(
      "Generate strain-stress data from a reference law along loading paths (Green-Lagrange strain\n" +
        'with engineering shear, second Piola-Kirchhoff stress; docs/theory.md, section "Conventions").\n' +
        "Writes a header row, the d strain columns, then the d stress columns. The defaults are the\n" +
        "demo's built-in dataset.",
    )
    .requiredOption("-o, --output <file>", "file to write: CSV, or TSV (.tsv) or JSON (.json) by extension")
    .option("--material <name>", `reference law: ${materialNames().join(", ")}`, "fabric")
    .addOption(
      new Option("--paths <kind>", "loading paths (mixed: all of them)").choices(PATH_KINDS).default("mixed"),
    )
    .option("--samples <n>", "number of rows", "5000")
    .option("--noise <fraction>", "Gaussian noise on the stress, as a fraction of each component's σ", "0")
    .option("--seed <n>", "random seed (same seed, same file)", "1")
    .option("--min-strain <x>", "smallest strain amplitude of a sample (default 0)")
    .option("--max-strain <x>", "largest strain amplitude (default: the law's range, 0.1 for the fabric)")
    .option(
      "--param <name=value>",
      "override a material parameter, repeatable (see `miann data materials`)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--tests <list>",
      "write test curves (stretch λ, nominal stress P) instead: comma-separated uniaxial, equibiaxial, pure-shear, biaxial, simple-shear (a membrane law; default ogden-membrane)",
    )
    .option("--points <n>", "points per test with --tests", "20")
    .option(
      "--max-stretch <λ>",
      "largest stretch of each test with --tests (default: uniaxial 4, equibiaxial 2.5, pure shear 3)",
    )
    .option("--force", "overwrite the output file if it exists")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  miann data generate -o data.csv\n" +
        "  miann data generate --material ogden-membrane --tests uniaxial,equibiaxial,pure-shear --points 20 -o rubber.csv\n" +
        "  miann data generate --material fabric --paths mixed --samples 5000 --noise 0.01 --seed 1 -o noisy.csv\n" +
        "  miann data generate --material neohookean --paths uniaxial --samples 500 -o rubber.csv\n" +
        "  miann data generate --max-strain 0.06 -o train.csv && miann data generate --min-strain 0.06 -o far.csv\n" +
        "\nThe amplitude of a strain is max_k |x_k| / w_k, w_k = 1 for normal components and the law's\n" +
        "shear/normal range ratio for shear components (3 for the fabric: γ up to 0.3 when E11 goes to 0.1).\n" +
        "With --tests, the file has columns test, lambda, P (MPa for the rubber laws), 20 points per test,\n" +
        "uniaxial from λ = 0.6 (compression) to 4, pure shear without P22 (a lab does not measure it);\n" +
        "--noise is then relative: P·(1 + noise·N(0,1)).",
    )
    .action(async (opts: GenerateCli, command: Command) => {
      checkOutputPath(opts.output, { force: opts.force === true });
      if (opts.tests !== undefined) {
        const material =
          command.getOptionValueSource("material") === "cli" ? opts.material : "ogden-membrane";
        const { points, source } = generateTestCurves({
          material,
          params: parseParams(opts.param),
          tests: opts.tests.split(",").map((t) => t.trim()) as TestMode[],
          points: parseInteger(opts.points, "--points", 2, LIMITS.samples),
          noise: parseNumber(opts.noise, "--noise", { min: 0 }),
          seed: parseInteger(opts.seed, "--seed"),
          ...(opts.maxStretch !== undefined
            ? { maxStretch: parseNumber(opts.maxStretch, "--max-stretch", { min: 1 }) }
            : {}),
        });
        writeTestCurves(opts.output, points, `generated: ${source}`, { replace: opts.force === true });
        process.stdout.write(`wrote ${opts.output}: ${points.length} test points (${source})\n`);
        return;
      }
      const samples = parseInteger(opts.samples, "--samples", 1, LIMITS.samples);
      const ds = generateDataset({
        material: opts.material,
        params: parseParams(opts.param),
        paths: opts.paths as PathKind,
        samples,
        noise: parseNumber(opts.noise, "--noise", { min: 0 }),
        seed: parseInteger(opts.seed, "--seed"),
        ...(opts.minStrain !== undefined
          ? { minStrain: parseNumber(opts.minStrain, "--min-strain", { min: 0 }) }
          : {}),
        ...(opts.maxStrain !== undefined
          ? { maxStrain: parseNumber(opts.maxStrain, "--max-strain", { positive: true }) }
          : {}),
      });
      // noise of σ·1e308 overflows: never write ±Infinity (miann's own reader refuses such a file)
      for (let i = 0; i < ds.stress.length; i++) {
        if (!Number.isFinite(ds.stress[i])) {
          throw new UserError(
            `--noise ${opts.noise}: the noisy stress overflows float64 (row ${Math.floor(i / ds.dim) + 1}); expected a fraction of σ such as 0.01`,
          );
        }
      }
      await writeDatasetAsync(opts.output, ds, { replace: opts.force === true });
      process.stdout.write(`wrote ${opts.output}: ${ds.n} rows, d = ${ds.dim} (${ds.source})\n`);
    });

  data
    .command("info")
    .summary("summarise a dataset: rows, d, ranges, σ per stress component, admissibility, warnings")
    .description(
      "Summarise a dataset as miann reads it: rows, d, min/max/mean/σ per column, σ per stress component\n" +
        "(the loss weights) and admissibility (min eigenvalue of C = 2E + I; ≤ 0 is not a real deformation).",
    )
    .argument("<data>", "CSV/TSV (header optional) or JSON file")
    .option("--strain <cols>", "strain columns: header names or 1-based numbers, e.g. E11,E22,G12 or 1-3")
    .option("--stress <cols>", "stress columns: header names or 1-based numbers, e.g. S11,S22,S12 or 4-6")
    .option("--delimiter <d>", "CSV field delimiter: ',', ';', tab or space (default: sniffed)")
    .addOption(
      new Option(
        "--shear <convention>",
        "the file's shear strain columns: engineering (2E12) or tensor (E12)",
      )
        .choices(["engineering", "tensor"])
        .default("engineering"),
    )
    .option("--strain-factor <f>", "multiply strains by f (e.g. 0.01 for %)")
    .option("--stress-factor <f>", "multiply stresses by f (e.g. 1e6 for MPa to Pa)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  miann data generate -o data.csv && miann data info data.csv\n" +
        "  miann data info data.csv --strain E11,E22,G12 --stress S11,S22,S12 --json\n" +
        "  miann data info data.csv --strain 1-3 --stress 4-6 --stress-factor 1e-3   # N/m to kN/m",
    )
    .action((file: string, opts: InfoCli) => {
      if (looksLikeTestCurveFile(file)) {
        // test curves: the membrane states they stand for (unknown components counted)
        const { dataset, warnings } = readTestCurves(file, {
          ...(opts.strainFactor !== undefined
            ? { strainFactor: parseNumber(opts.strainFactor, "--strain-factor") }
            : {}),
          ...(opts.stressFactor !== undefined
            ? { stressFactor: parseNumber(opts.stressFactor, "--stress-factor") }
            : {}),
        });
        for (const w of warnings) process.stderr.write(`miann: warning: ${w}\n`);
        const info = datasetInfo(dataset);
        process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
        return;
      }
      const ds = readDataset(file, {
        ...(opts.strain !== undefined ? { strain: parseColumns(opts.strain, "--strain") } : {}),
        ...(opts.stress !== undefined ? { stress: parseColumns(opts.stress, "--stress") } : {}),
        shear: opts.shear,
        ...(opts.delimiter !== undefined ? { delimiter: parseDelimiter(opts.delimiter) } : {}),
        ...(opts.strainFactor !== undefined
          ? { strainFactor: parseNumber(opts.strainFactor, "--strain-factor") }
          : {}),
        ...(opts.stressFactor !== undefined
          ? { stressFactor: parseNumber(opts.stressFactor, "--stress-factor") }
          : {}),
      });
      const info = datasetInfo(ds);
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    });

  data
    .command("materials")
    .summary("list the reference laws with their parameters")
    .description("List the reference laws with their parameters (units) and default strain ranges.")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  miann data materials\n  miann data generate --material svk --param mu=1e6 -o svk.csv",
    )
    .action((opts: { json?: boolean }) => {
      const all = materialNames().map(materialInfo);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      for (const m of all) {
        lines.push(`${m.name}  (d = ${m.dim}, ${m.dim === 3 ? "membrane, N/m" : "solid, Pa"})`);
        lines.push(`  ${m.description}`);
        for (const p of m.parameters) {
          const value = Array.isArray(p.value) ? p.value.join(",") : String(p.value);
          lines.push(`    ${p.name.padEnd(8)} = ${value.padEnd(12)} ${p.unit.padEnd(5)} ${p.description}`);
        }
        lines.push(`  strain range: normal ${m.strainRange.normal}, shear ${m.strainRange.shear}`);
        lines.push("");
      }
      process.stdout.write(lines.join("\n"));
    });
}

interface GenerateCli {
  output: string;
  material: string;
  paths: string;
  samples: string;
  noise: string;
  seed: string;
  minStrain?: string;
  maxStrain?: string;
  param: string[];
  tests?: string;
  points: string;
  maxStretch?: string;
  force?: boolean;
}

interface InfoCli {
  strain?: string;
  stress?: string;
  shear: "engineering" | "tensor";
  strainFactor?: string;
  stressFactor?: string;
  delimiter?: string;
  json?: boolean;
}

/** "k1=2e6" → number, "direction=1,1,0" → numbers, "matrix=svk" → string */
function parseParams(list: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    const m = /^([A-Za-z_]\w*)=(.+)$/.exec(item.trim());
    if (!m) throw new UserError(`--param: expected name=value, got "${item}"`);
    const [, name, value] = m;
    const parts = value.split(",").map((s) => s.trim());
    const numbers = parts.map(Number);
    const numeric = parts.every((s, i) => s !== "" && Number.isFinite(numbers[i]));
    out[name] = numeric ? (parts.length === 1 ? numbers[0] : numbers) : value;
  }
  return out;
}

function fmt(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e6 ? String(v) : v.toPrecision(5);
}

function formatInfo(info: DatasetInfo): string {
  const lines = [
    `${info.source ?? "dataset"}: ${info.n} rows, d = ${info.dim}` +
      (info.dim === 3 ? " (membrane)" : info.dim === 6 ? " (solid)" : "") +
      (info.material !== undefined ? `, generated from the ${info.material} law` : ""),
    "",
    `${"column".padEnd(10)}${"min".padStart(13)}${"max".padStart(13)}${"mean".padStart(13)}${"std".padStart(13)}`,
  ];
  for (const c of [...info.strain, ...info.stress]) {
    lines.push(
      `${c.name.padEnd(10)}${fmt(c.min).padStart(13)}${fmt(c.max).padStart(13)}${fmt(c.mean).padStart(13)}${fmt(c.std).padStart(13)}`,
    );
  }
  lines.push("");
  lines.push(
    `σ per stress component (loss weights): ${info.stress.map((c, k) => `${c.name} ${fmt(info.sigma[k])}${c.std === 0 || info.sigma[k] !== c.std ? " (constant column: the others' scale)" : ""}`).join(", ")}`,
  );
  const unknown = info.stress.filter((c) => c.unknown !== undefined);
  if (unknown.length > 0) {
    lines.push(
      `unknown (empty) stress fields, left out of the loss and the metrics: ${unknown.map((c) => `${c.name} ${c.unknown}`).join(", ")}`,
    );
  }
  if (info.admissibility) {
    const a = info.admissibility;
    lines.push(
      `admissibility: min eig(2E + I) = ${fmt(a.minEigenvalue)}; ` +
        (a.inadmissibleRows === 0
          ? "every row is a real deformation"
          : `${a.inadmissibleRows} rows are not a real deformation (first: data row ${a.firstInadmissibleRow! + 1})`),
    );
  }
  for (const w of info.warnings) lines.push(`warning: ${w}`);
  // header names come from the file: a control character (an escape sequence) is shown as '?'
  return `${lines.join("\n").replace(/(?!\n)\p{Cc}/gu, "?")}\n`;
}
