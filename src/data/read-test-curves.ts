import { readFileSync } from "node:fs";
import { UserError } from "../util/errors.js";
import type { Dataset, TestMode, TestPoint } from "./dataset.js";
import { type ParseTestCurveOptions, parseTestCurves } from "./parse-test-curves.js";
import { testCurvesToDataset } from "./test-curves.js";

export interface TestCurveData {
  /** membrane states (or 3D principal states) with mask, `tests` and, for simple shear, observations */
  dataset: Dataset;
  warnings: string[];
}

/**
 * Reads test curves (stretch against nominal stress) from one or more files, each with its own
 * mode (a file per test) or with a `test` column (see parseTestCurves for the layouts), and converts
 * them to strain–stress states with the incompressible kinematics (docs/theory.md, section "Test
 * curves").
 */
export function readTestCurves(
  files: string | readonly (string | { path: string; test?: TestMode })[],
  options: Omit<ParseTestCurveOptions, "test"> & { test?: TestMode } = {},
): TestCurveData {
  const list =
    typeof files === "string"
      ? [{ path: files, test: options.test }]
      : files.map((f) => (typeof f === "string" ? { path: f, test: options.test } : f));
  const points: TestPoint[] = [];
  const warnings: string[] = [];
  for (const f of list) {
    let text: string;
    try {
      text = readFileSync(f.path, "utf8");
    } catch (err) {
      throw new UserError(`${f.path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    const parsed = parseTestCurves(text, f.path, { ...options, test: f.test });
    points.push(...parsed.points);
    warnings.push(...parsed.warnings);
  }
  const source = list.map((f) => f.path).join(",");
  return { dataset: testCurvesToDataset(points, source), warnings };
}

/** whether a text file's first line names a test column or stretch columns (then it is test curves) */
export function looksLikeTestCurveFile(path: string): boolean {
  if (/\.json$/i.test(path)) {
    try {
      const doc = JSON.parse(readFileSync(path, "utf8"));
      const list = Array.isArray(doc) ? doc : doc?.tests;
      return Array.isArray(list) && list.length > 0 && typeof list[0]?.test === "string";
    } catch {
      return false;
    }
  }
  let head: string;
  try {
    head = readFileSync(path, "utf8").slice(0, 4096);
  } catch {
    return false;
  }
  const first = head
    .replace(/^\ufeff/, "")
    .split(/\r\n|\n|\r/)
    .find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  if (!first) return false;
  const names = first.split(/[\t,;]|\s+/).map((f) => f.trim().toLowerCase());
  return names.includes("test") || names.includes("mode") || names.includes("lambda3");
}
