import { located, UserError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { voigtNames } from "./generate.js";
import { knownCounts, maskFromNaN } from "./mask.js";
import { extensionOf, type NumericTable, parseNumericTable, type ReadTableOptions } from "./table-text.js";

/**
 * The text side of the dataset reader: CSV/TSV tables and JSON documents to a Dataset, with the
 * one-line errors. No file system here (read-dataset.ts reads files; the browser playground
 * passes a dropped file's text), so both sides read the same data the same way.
 */

export interface ReadDatasetOptions {
  /** strain columns: header names or 1-based column numbers (CSV/TSV only) */
  strain?: readonly (string | number)[];
  /** stress columns: header names or 1-based column numbers (CSV/TSV only) */
  stress?: readonly (string | number)[];
  /**
   * how the file's shear STRAIN columns are written: "engineering" (γ = 2E12, the default and the
   * internal convention) or "tensor" (E12, multiplied by 2 on reading). Shear stress is always the
   * tensor component S12. Shear components: the 3rd for d = 3, the 4th–6th for d = 6.
   */
  shear?: "engineering" | "tensor";
  /** multiplies every strain value (e.g. 0.01 for strains given in %) */
  strainFactor?: number;
  /** multiplies every stress value (e.g. 1e6 for MPa → Pa) */
  stressFactor?: number;
  /** the expected Voigt dimension d; a file with another d is an error */
  dim?: number;
  /** CSV delimiter (default: by extension, or sniffed) */
  delimiter?: string;
}

/**
 * A strain–stress dataset in the internal convention (docs/theory.md, section "Conventions") from
 * the text of a file named `path` (used for the format, .json or CSV/TSV, and in messages): the
 * same dataset and the same one-line errors as readDataset on a file with this text. This is what
 * the browser playground reads a dropped file with.
 */
export function parseDataset(path: string, text: string, options: ReadDatasetOptions = {}): Dataset {
  checkOptions(options);
  const json = extensionOf(path) === ".json";
  let raw: RawData;
  if (json) raw = datasetFromJson(path, text, options);
  else {
    let table: NumericTable;
    try {
      table = parseNumericTable(path, text, tableOptions(options));
    } catch (err) {
      throw tableError(err);
    }
    raw = datasetColumns(path, table, options);
  }
  return finishDataset(path, raw, options, json);
}

/** Refuses CSV column choices for a JSON file. */
export function checkJsonOptions(path: string, options: ReadDatasetOptions): void {
  if (options.strain !== undefined || options.stress !== undefined) {
    throw new UserError(
      `${path}: --strain/--stress choose CSV columns; a JSON file has "strain" and "stress" arrays`,
    );
  }
}

/** The expected dimension, the shear convention, the unit factors and the mask, on the raw columns. */
export function finishDataset(
  path: string,
  raw: RawData,
  options: ReadDatasetOptions,
  json: boolean,
): Dataset {
  const { dim: d, n, strain, stress } = raw;
  const byDefault = !json && options.strain === undefined && options.stress === undefined;
  if (options.dim !== undefined && d !== options.dim) {
    throw new UserError(`${path}: expected d = ${options.dim} strain and stress components, got ${d}`);
  }
  if (options.shear === "tensor") {
    if (d !== 3 && d !== 6) {
      throw new UserError(
        `${path}: --shear tensor needs d = 3 or 6 (which components are shear?), got d = ${d}`,
      );
    }
    const shear = d === 3 ? [2] : [3, 4, 5];
    for (let p = 0; p < n; p++) for (const k of shear) strain[p * d + k] *= 2;
  }
  const fs = options.strainFactor ?? 1;
  const fz = options.stressFactor ?? 1;
  if (fs !== 1) for (let i = 0; i < strain.length; i++) strain[i] *= fs;
  if (fz !== 1) for (let i = 0; i < stress.length; i++) stress[i] *= fz;
  const names = raw.names ?? voigtNames(d);
  const mask = maskFromNaN(stress);
  const ds: Dataset = { dim: d, n, strain, stress, names, source: path };
  if (mask) {
    const counts = knownCounts(mask, n, d);
    const empty = counts.indexOf(0);
    if (empty >= 0) {
      throw new UserError(
        `${path}: stress column ${names.stress[empty]} has no known value (every field is empty); leave the column out or give at least one value`,
      );
    }
    ds.mask = mask;
  }
  if (byDefault) ds.columnsByDefault = { total: 2 * d };
  return ds;
}

/**
 * A 2-column file whose header says stretch and stress (λ, P ...) is a test curve, not a 1-D
 * strain–stress law: say how to read it instead of fitting stress at λ = 1.
 */
function looksLikeTestCurves(
  path: string,
  names: string[],
  hasHeader: boolean,
  cols: number,
  d: number,
  strain: Float64Array,
  stress: Float64Array,
): void {
  const stretchy = /^(lambda\d*|λ\d*|stretch\w*|l\d?)$/i;
  const hasTestColumn = hasHeader && names.some((n) => /^(test|mode)$/i.test(n));
  let stretchLike = false;
  if (d === 1 && cols === 2 && !hasHeader && strain.length > 2) {
    // every first value ≥ 0.5 and the smallest |stress| where the first column is nearest 1:
    // a stretch λ (stress-free at λ = 1), not a strain (stress-free at 0, which is not in range)
    let nearest = 0;
    let smallest = 0;
    for (let p = 0; p < strain.length; p++) {
      if (Math.abs(strain[p] - 1) < Math.abs(strain[nearest] - 1)) nearest = p;
      if (Math.abs(stress[p]) < Math.abs(stress[smallest])) smallest = p;
    }
    stretchLike =
      strain.every((v) => v >= 0.5) && Math.abs(strain[nearest] - 1) < 0.1 && nearest === smallest;
  }
  if ((d === 1 && cols === 2 && hasHeader && stretchy.test(names[0])) || hasTestColumn || stretchLike) {
    throw new UserError(
      `${path}: this looks like test curves (stretch and nominal stress${hasTestColumn ? ", a test column" : ""}), not strain–stress pairs; read it with --test <mode> (one test per file) or as a long file with a 'test' column (see README, "Test data from the lab")${stretchLike ? "; if it really is 1-D strain–stress data, give it a header row such as E11,S11" : ""}`,
    );
  }
}

export function checkOptions(o: ReadDatasetOptions): void {
  if (o.shear !== undefined && o.shear !== "engineering" && o.shear !== "tensor") {
    throw new UserError(`--shear must be "engineering" or "tensor", got '${String(o.shear)}'`);
  }
  for (const [name, v] of [
    ["strain factor", o.strainFactor],
    ["stress factor", o.stressFactor],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v !== 0)) {
      throw new UserError(`the ${name} must be a finite nonzero number, got ${v}`);
    }
  }
  if (o.dim !== undefined && !(Number.isInteger(o.dim) && o.dim >= 1)) {
    throw new UserError(`d must be a positive integer, got ${o.dim}`);
  }
}

export interface RawData {
  dim: number;
  n: number;
  strain: Float64Array;
  stress: Float64Array;
  names?: { strain: string[]; stress: string[] };
}

/** The table reader's options for a dataset: an empty field is an unknown stress (NaN). */
export function tableOptions(options: ReadDatasetOptions): ReadTableOptions {
  return { emptyAsNaN: true, ...(options.delimiter ? { delimiter: options.delimiter } : {}) };
}

/** The table reader's error, with a hint where the file looks like test curves; rethrown. */
export function tableError(err: unknown): unknown {
  // a test column ("uniaxial" ...) where numbers were expected: test curves given as pairs
  if (
    err instanceof UserError &&
    /got '(uniaxial|equibiaxial|pure-shear|biaxial|simple-shear)'/.test(err.message)
  ) {
    return new UserError(
      `${err.message}: this looks like test curves with a 'test' column, not strain–stress pairs; read them as test curves (README, "Test data from the lab")`,
    );
  }
  return err;
}

/** The strain and stress columns of a parsed CSV/TSV table (`path` names the file in messages). */
export function datasetColumns(path: string, table: NumericTable, options: ReadDatasetOptions): RawData {
  const { cols, rows, values } = table;
  const where = (msg: string) => located(path, table.headerLine, undefined, msg);

  const resolve = (list: readonly (string | number)[], flag: string): number[] => {
    if (list.length === 0) throw new UserError(where(`${flag} lists no columns`));
    return list.map((entry) => {
      const text = String(entry).trim();
      const byName = table.hasHeader ? table.names.indexOf(text) : -1;
      if (byName >= 0) return byName;
      if (/^\d+$/.test(text)) {
        const j = Number(text);
        if (j < 1 || j > cols) {
          throw new UserError(where(`column ${j} in ${flag} is out of range; the file has ${cols} columns`));
        }
        return j - 1;
      }
      if (!table.hasHeader) {
        throw new UserError(
          where(`${flag} names column '${text}' but the file has no header row; give 1-based column numbers`),
        );
      }
      throw new UserError(
        where(`unknown column '${text}' in ${flag}; the header has ${table.names.join(", ")}`),
      );
    });
  };

  let strainCols: number[];
  let stressCols: number[];
  if (options.strain === undefined && options.stress === undefined) {
    const d = options.dim ?? cols / 2;
    if (cols !== 2 * d || !Number.isInteger(d)) {
      throw new UserError(
        located(
          path,
          table.lineOf(0),
          undefined,
          `expected ${options.dim ? `2d = ${2 * options.dim}` : "an even number of"} columns (d strain, then d ` +
            `stress), got ${cols}; choose columns with --strain and --stress`,
        ),
      );
    }
    strainCols = Array.from({ length: d }, (_, k) => k);
    stressCols = Array.from({ length: d }, (_, k) => d + k);
  } else {
    const given = options.strain !== undefined ? resolve(options.strain, "--strain") : undefined;
    const givenStress = options.stress !== undefined ? resolve(options.stress, "--stress") : undefined;
    const rest = (used: number[]) =>
      Array.from({ length: cols }, (_, j) => j).filter((j) => !used.includes(j));
    strainCols = given ?? rest(givenStress!);
    stressCols = givenStress ?? rest(given!);
    if (strainCols.length !== stressCols.length) {
      throw new UserError(
        where(
          `${strainCols.length} strain columns but ${stressCols.length} stress columns; expected the same number ` +
            "(d strain components and d stress components)",
        ),
      );
    }
    const seen = new Set<number>();
    for (const j of [...strainCols, ...stressCols]) {
      if (seen.has(j)) {
        throw new UserError(
          where(`column '${table.names[j]}' is chosen twice; each column is strain or stress`),
        );
      }
      seen.add(j);
    }
  }
  const d = strainCols.length;
  const strain = new Float64Array(rows * d);
  const stress = new Float64Array(rows * d);
  for (let p = 0; p < rows; p++) {
    for (let k = 0; k < d; k++) {
      const e = values[p * cols + strainCols[k]];
      if (Number.isNaN(e)) {
        // only a stress may be unknown (empty); every strain is the state the stress belongs to
        throw new UserError(
          located(
            path,
            table.lineOf(p),
            strainCols[k] + 1,
            "expected a number, got an empty strain field (an empty field means an unknown stress; strains are mandatory)",
          ),
        );
      }
      strain[p * d + k] = e;
      stress[p * d + k] = values[p * cols + stressCols[k]];
    }
  }
  // the other columns of the file are not read as data: an empty field there is no one's business
  looksLikeTestCurves(path, table.names, table.hasHeader, cols, d, strain, stress);
  const names = table.hasHeader
    ? { strain: strainCols.map((j) => table.names[j]), stress: stressCols.map((j) => table.names[j]) }
    : undefined;
  return { dim: d, n: rows, strain, stress, names };
}

/** The strain and stress of a JSON dataset's text (`path` names the file in messages). */
export function datasetFromJson(path: string, text: string, options: ReadDatasetOptions): RawData {
  checkJsonOptions(path, options);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const message = `not valid JSON (${(err as Error).message.split("\n")[0]})`;
    if (!m) throw new UserError(`${path}: ${message}`);
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    const column = pos - before.lastIndexOf("\n");
    throw new UserError(located(path, line, column, message));
  }
  const expected =
    'expected { "strain": [[...], ...], "stress": [[...], ...] } or [{ "strain": [...], "stress": [...] }, ...]';
  /** an error at a JSON path such as strain[3][1], located by line and column in the text */
  const fail = (jsonPath: string, message: string): UserError => {
    const offset = jsonPathOffset(text, jsonPath);
    if (offset === undefined) return new UserError(`${path}: ${jsonPath}: ${message}`);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    return new UserError(located(path, line, column, `${jsonPath}: ${message}`));
  };
  let strainRows: unknown[];
  let stressRows: unknown[];
  let strainPath: (p: number) => string;
  let stressPath: (p: number) => string;
  if (Array.isArray(doc)) {
    doc.forEach((row, p) => {
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        throw fail(`[${p}]`, 'expected an object with "strain" and "stress"');
      }
    });
    strainRows = doc.map((r) => (r as Record<string, unknown>).strain);
    stressRows = doc.map((r) => (r as Record<string, unknown>).stress);
    strainPath = (p) => `[${p}].strain`;
    stressPath = (p) => `[${p}].stress`;
  } else if (typeof doc === "object" && doc !== null) {
    const o = doc as Record<string, unknown>;
    if (!Array.isArray(o.strain) || !Array.isArray(o.stress)) throw new UserError(`${path}: ${expected}`);
    strainRows = o.strain;
    stressRows = o.stress;
    strainPath = (p) => `strain[${p}]`;
    stressPath = (p) => `stress[${p}]`;
    if (strainRows.length !== stressRows.length) {
      throw new UserError(
        `${path}: ${strainRows.length} strain rows but ${stressRows.length} stress rows; expected the same number`,
      );
    }
  } else {
    throw new UserError(`${path}: ${expected}`);
  }
  const n = strainRows.length;
  if (n === 0) throw new UserError(`${path}: no rows; ${expected}`);
  const first = strainRows[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw fail(strainPath(0), "expected an array of numbers");
  }
  const d = first.length;
  const strain = new Float64Array(n * d);
  const stress = new Float64Array(n * d);
  const fill = (rows: unknown[], out: Float64Array, at: (p: number) => string) => {
    for (let p = 0; p < n; p++) {
      const row = rows[p];
      if (!Array.isArray(row)) throw fail(at(p), `expected an array of ${d} numbers`);
      if (row.length !== d) {
        throw fail(at(p), `expected ${d} numbers (as in ${strainPath(0)}), got ${row.length}`);
      }
      for (let k = 0; k < d; k++) {
        const v = row[k];
        if (v === null && out === stress) {
          out[p * d + k] = Number.NaN; // not measured
          continue;
        }
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw fail(
            `${at(p)}[${k}]`,
            `expected a finite number${out === stress ? " (or null: not measured)" : ""}, got ${shortJson(v)}`,
          );
        }
        out[p * d + k] = v;
      }
    }
  };
  fill(strainRows, strain, strainPath);
  fill(stressRows, stress, stressPath);
  // optional column names, as writeDataset writes them
  const named = !Array.isArray(doc) ? (doc as Record<string, unknown>).names : undefined;
  const isNames = (v: unknown): v is string[] =>
    Array.isArray(v) && v.length === d && v.every((x) => typeof x === "string");
  if (named && typeof named === "object") {
    const { strain: sn, stress: tn } = named as Record<string, unknown>;
    if (isNames(sn) && isNames(tn)) return { dim: d, n, strain, stress, names: { strain: sn, stress: tn } };
  }
  return { dim: d, n, strain, stress };
}

/**
 * Offset in a valid JSON text of the value at a path such as "strain[3][1]" or "[0].stress[2]",
 * found by a small scanner (the text has already parsed, so it need not validate); undefined when
 * the path is not there.
 */
export function jsonPathOffset(text: string, jsonPath: string): number | undefined {
  const target: (string | number)[] = [];
  for (const m of jsonPath.matchAll(/\[(\d+)\]|\.?([^.[\]]+)/g))
    target.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  let i = 0;
  const blank = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r"))
      i++;
  };
  const string = (): string => {
    let out = "";
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] !== "\\") {
        out += text[i];
        continue;
      }
      const e = text[++i];
      if (e === "u") {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else out += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e;
    }
    i++;
    return out;
  };
  const value = (depth: number, onPath: boolean): number | undefined => {
    blank();
    if (onPath && depth === target.length) return i;
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      blank();
      if (text[i] === close) {
        i++;
        return undefined;
      }
      for (let k = 0; ; k++) {
        let key: string | number = k;
        if (c === "{") {
          blank();
          key = string();
          blank();
          i++; // ':'
        }
        const found = value(depth + 1, onPath && target[depth] === key);
        if (found !== undefined) return found;
        blank();
        if (text[i++] !== ",") return undefined;
      }
    }
    if (c === '"') string();
    else while (i < text.length && !",]} \t\r\n".includes(text[i])) i++;
    return undefined;
  };
  return value(0, true);
}

function shortJson(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
