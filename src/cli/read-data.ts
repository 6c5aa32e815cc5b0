import type { Command } from "commander";
import type { Dataset, TestMode } from "../data/dataset.js";
import { readDataset } from "../data/read-dataset.js";
import { looksLikeTestCurveFile, readTestCurves } from "../data/read-test-curves.js";
import { USER_TEST_MODES } from "../data/test-curves.js";
import { UserError } from "../util/errors.js";
import { parseColumns, parseDelimiter, parseNumber } from "./parse-options.js";

/** the data options train, report and evaluate share with `data info` */
export interface DataCliOptions {
  strain?: string;
  stress?: string;
  shear?: "engineering" | "tensor";
  delimiter?: string;
  strainFactor?: string;
  stressFactor?: string;
}

/** adds --strain-factor and --stress-factor (the column options each command declares itself) */
export function addFactorOptions(command: Command): Command {
  return command
    .option(
      "--strain-factor <f>",
      "multiply strains by f (e.g. 0.01 for %); for test curves, an engineering-strain column (λ = 1 + fε)",
    )
    .option("--stress-factor <f>", "multiply stresses by f (e.g. 1e6 for MPa to Pa, 1e-3 for kPa to MPa)");
}

/**
 * Splits the values of a repeatable --test option into test modes (test curves: one per data
 * file, or one for all) and a held-out fraction (a number), so `--test uniaxial` and `--test 0.2`
 * share the option name.
 */
export function parseTestOption(values: readonly string[] | undefined): {
  modes: TestMode[];
  fraction?: string;
} {
  const modes: TestMode[] = [];
  let fraction: string | undefined;
  for (const v of values ?? []) {
    for (const part of v.split(",").map((s) => s.trim())) {
      if (part === "") continue;
      if (/^[0-9.]/.test(part)) fraction = part;
      else if ((USER_TEST_MODES as readonly string[]).includes(part)) modes.push(part as TestMode);
      else {
        throw new UserError(
          `--test: '${part}' is neither a test (${USER_TEST_MODES.join(", ")}) nor a held-out fraction such as 0.15`,
        );
      }
    }
  }
  return { modes, ...(fraction !== undefined ? { fraction } : {}) };
}

/**
 * Reads the data of a command: test curves when modes are given or the file says so (a `test`
 * column, three stretch columns, a JSON list of tests), else strain–stress pairs (one file).
 * Returns the data set and the reader's warnings.
 */
export function readCliData(
  paths: readonly string[],
  opts: DataCliOptions,
  modes: readonly TestMode[] = [],
): { data: Dataset; warnings: string[]; curves: boolean } {
  const factor = (v: string | undefined, flag: string) =>
    v === undefined ? undefined : parseNumber(v, flag);
  const strainFactor = factor(opts.strainFactor, "--strain-factor");
  const stressFactor = factor(opts.stressFactor, "--stress-factor");
  const curves = modes.length > 0 || paths.some((p) => looksLikeTestCurveFile(p));
  if (curves) {
    if (opts.strain !== undefined || opts.stress !== undefined) {
      throw new UserError(
        "--strain/--stress choose columns of strain–stress pairs; test curves have stretch and P columns",
      );
    }
    if (modes.length > 1 && modes.length !== paths.length) {
      throw new UserError(
        `${paths.length} data files but ${modes.length} tests in --test; give one test per file, in order, or one for all`,
      );
    }
    const files = paths.map((path, i) => ({
      path,
      test: modes.length === 0 ? undefined : modes[modes.length === 1 ? 0 : i],
    }));
    const { dataset, warnings } = readTestCurves(files, {
      ...(strainFactor !== undefined ? { strainFactor } : {}),
      ...(stressFactor !== undefined ? { stressFactor } : {}),
    });
    return { data: dataset, warnings, curves: true };
  }
  if (paths.length !== 1) {
    throw new UserError(
      `strain–stress pairs come in one file, got ${paths.length}; several files are for test curves (--test)`,
    );
  }
  const data = readDataset(paths[0], {
    ...(opts.strain !== undefined ? { strain: parseColumns(opts.strain, "--strain") } : {}),
    ...(opts.stress !== undefined ? { stress: parseColumns(opts.stress, "--stress") } : {}),
    ...(opts.shear !== undefined ? { shear: opts.shear } : {}),
    ...(opts.delimiter !== undefined ? { delimiter: parseDelimiter(opts.delimiter) } : {}),
    ...(strainFactor !== undefined ? { strainFactor } : {}),
    ...(stressFactor !== undefined ? { stressFactor } : {}),
  });
  return { data, warnings: [], curves: false };
}
