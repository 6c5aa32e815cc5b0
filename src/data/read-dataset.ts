import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { located, UserError } from "../util/errors.js";
import { lineColumn, parseJsonText } from "../util/json.js";
import { cannotRead, checkRegularFile, readNumericTable } from "./csv.js";
import type { Dataset } from "./dataset.js";
import { voigtNames } from "./generate.js";
import { knownCounts, maskFromNaN } from "./mask.js";

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
 * Reads a strain–stress dataset into the internal convention (docs/theory.md, section "Conventions"): CSV/TSV (with or
 * without a header) or JSON ({ strain: number[][], stress: number[][] } or [{ strain, stress }, ...]).
 * With no columns chosen, a CSV must have 2d columns: the first d strain, the next d stress. Every
 * problem is a UserError naming the file (and line and column where there is one) and what was
 * expected.
 */
export function readDataset(path: string, options: ReadDatasetOptions = {}): Dataset {
  checkOptions(options);
  const json = extname(path).toLowerCase() === ".json";
  const raw = json ? readJson(path, options) : readCsvColumns(path, options);
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

function checkOptions(o: ReadDatasetOptions): void {
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

interface RawData {
  dim: number;
  n: number;
  strain: Float64Array;
  stress: Float64Array;
  names?: { strain: string[]; stress: string[] };
}

function readCsvColumns(path: string, options: ReadDatasetOptions): RawData {
  let table: ReturnType<typeof readNumericTable>;
  try {
    table = readNumericTable(path, {
      emptyAsNaN: true,
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    });
  } catch (err) {
    // a test column ("uniaxial" ...) where numbers were expected: test curves given as pairs
    if (
      err instanceof UserError &&
      /got '(uniaxial|equibiaxial|pure-shear|biaxial|simple-shear)'/.test(err.message)
    ) {
      throw new UserError(
        `${err.message}: this looks like test curves with a 'test' column, not strain–stress pairs; read them as test curves (README, "Test data from the lab")`,
      );
    }
    throw err;
  }
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

function readJson(path: string, options: ReadDatasetOptions): RawData {
  if (options.strain !== undefined || options.stress !== undefined) {
    throw new UserError(
      `${path}: --strain/--stress choose CSV columns; a JSON file has "strain" and "stress" arrays`,
    );
  }
  let text: string;
  try {
    checkRegularFile(path);
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw cannotRead(path, err);
  }
  if (text.length > 0 && text.trim() === "") throw new UserError(`${path}: the file is blank; expected JSON`);
  const doc = parseJsonText(text, path);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const expected =
    'expected { "strain": [[...], ...], "stress": [[...], ...] } or [{ "strain": [...], "stress": [...] }, ...]';
  /** an error at a JSON path such as strain[3][1], located by line and column in the text */
  const fail = (jsonPath: string, message: string): UserError => {
    const offset = jsonPathOffset(text, jsonPath);
    if (offset === undefined) return new UserError(`${path}: ${jsonPath}: ${message}`);
    const { line, column } = lineColumn(text, offset);
    const token = /^-?[0-9][0-9.eE+-]*/.exec(text.slice(offset, offset + 40))?.[0];
    // a number JSON.parse made ±Infinity (1e999) is shown as written, not as JSON's "null"
    const shown =
      message.endsWith("got null") && token
        ? message.replace(/null$/, `${token} (beyond the float64 range)`)
        : message;
    return new UserError(located(path, line, column, `${jsonPath}: ${shown}`));
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
  // an explicit stack, not recursion: a deeply nested value (100 000 levels) must not overflow
  const stack: { close: string; object: boolean; k: number; onPath: boolean }[] = [];
  let onPath = true;
  for (;;) {
    // at the start of a value, at depth stack.length
    blank();
    if (onPath && stack.length === target.length) return i;
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      blank();
      const close = c === "{" ? "}" : "]";
      if (text[i] === close) i++;
      else {
        const frame = { close, object: c === "{", k: 0, onPath };
        stack.push(frame);
        onPath = enter(frame);
        continue;
      }
    } else if (c === '"') string();
    else while (i < text.length && !",]} \t\r\n".includes(text[i])) i++;
    // after a value: the next element of the enclosing container, or its end
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) return undefined;
      blank();
      if (text[i] === ",") {
        i++;
        frame.k++;
        onPath = enter(frame);
        break;
      }
      i++; // the closing bracket
      stack.pop();
      if (frame.onPath) return undefined; // the path's container ended without the element
    }
  }
  /** reads an object's key (if any) and says whether the element is on the path */
  function enter(frame: { object: boolean; k: number; onPath: boolean }): boolean {
    let key: string | number = frame.k;
    if (frame.object) {
      blank();
      key = string();
      blank();
      i++; // ':'
    }
    return frame.onPath && target[stack.length - 1] === key;
  }
}

function shortJson(v: unknown): string {
  // no JSON.stringify of arrays and objects: a deeply nested one would overflow the stack
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object" && v !== null) return "an object";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
