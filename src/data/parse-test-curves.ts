import { parse } from "csv-parse/sync";
import { located, UserError } from "../util/errors.js";
import type { TestMode, TestPoint } from "./dataset.js";
import { isTestMode, USER_TEST_MODES } from "./test-curves.js";

/**
 * Parses test curves (stretch against nominal stress) from text; the caller owns the I/O. Layouts:
 *  - one test per text, its mode given (`test`): columns stretch and nominal stress (λ, P); biaxial
 *    λ1, λ2, P11, P22; simple shear γ, P12 — by header name or, without a header, in that order;
 *  - a long table with a `test` column naming the mode per row (and lambda2/P22 for biaxial rows,
 *    gamma/P12 for simple shear);
 *  - three stretch columns lambda1..3 (with P11..P33): the compressible path, 3D principal states;
 *  - JSON: [{ "test": mode, "lambda": [...], "P": [...], "lambda2"?, "P22"?, "gamma"?, "P12"? }, ...]
 *    (null in a stress array: not measured).
 * A column of engineering strain ε (strain, eps) instead of λ gives λ = 1 + strainFactor·ε. Every
 * stress is multiplied by stressFactor. Wrong input: one UserError line naming the place.
 */
export interface ParseTestCurveOptions {
  /** the mode of every row (a file per test); without it the file needs a `test` column */
  test?: TestMode;
  /** multiplies every nominal stress (e.g. 1e-3 for kPa → MPa) */
  stressFactor?: number;
  /** multiplies an engineering-strain column before λ = 1 + ε (e.g. 0.01 for %); a λ column is left as is */
  strainFactor?: number;
}

export interface ParsedTestCurves {
  points: TestPoint[];
  /** things worth a look that do not stop reading (a stress whose sign contradicts its stretch) */
  warnings: string[];
}

type Field = "test" | "l1" | "l2" | "l3" | "e1" | "e2" | "p11" | "p22" | "p33" | "gamma" | "p12";

const ALIASES: Record<Field, string[]> = {
  test: ["test", "mode"],
  l1: ["lambda", "lambda1", "lambda_1", "stretch", "stretch1", "λ", "λ1", "l", "l1"],
  l2: ["lambda2", "lambda_2", "stretch2", "λ2", "l2"],
  l3: ["lambda3", "lambda_3", "stretch3", "λ3", "l3"],
  e1: ["strain", "strain1", "eps", "eps1", "epsilon", "epsilon1"],
  e2: ["strain2", "eps2", "epsilon2"],
  p11: ["p", "p11", "p1", "stress", "nominal_stress", "nominal stress", "pk1"],
  p22: ["p22", "p2"],
  p33: ["p33", "p3"],
  gamma: ["gamma", "γ", "shear"],
  p12: ["p12"],
};

/** header names of strain–stress pairs: this is not a test-curve file */
const PAIR_NAMES = /^(e11|e22|e33|g12|g13|g23|e12|s11|s22|s33|s12|s13|s23)$/i;

/** the column order of a headerless file per test */
const POSITIONAL: Record<TestMode, Field[]> = {
  uniaxial: ["l1", "p11"],
  equibiaxial: ["l1", "p11"],
  "pure-shear": ["l1", "p11"],
  biaxial: ["l1", "l2", "p11", "p22"],
  "simple-shear": ["gamma", "p12"],
  principal: ["l1", "l2", "l3", "p11", "p22", "p33"],
};

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseTestCurves(
  text: string,
  name: string,
  options: ParseTestCurveOptions = {},
): ParsedTestCurves {
  const sf = options.stressFactor ?? 1;
  const ef = options.strainFactor ?? 1;
  for (const [what, v] of [
    ["stress factor", sf],
    ["strain factor", ef],
  ] as const) {
    if (!(Number.isFinite(v) && v !== 0))
      throw new UserError(`the ${what} must be a finite nonzero number, got ${v}`);
  }
  if (options.test !== undefined && !USER_TEST_MODES.includes(options.test)) {
    throw new UserError(
      `unknown test '${String(options.test)}'; expected one of ${USER_TEST_MODES.join(", ")}`,
    );
  }
  if (/\.json$/i.test(name)) return parseJson(text, name, sf, ef);
  const rows = splitTable(text, name);
  if (rows.length === 0)
    throw new UserError(`${name}: the file is empty; expected test curves (stretch, nominal stress)`);
  const first = rows[0].fields;
  const hasHeader = first.some((f) => f !== "" && !NUMBER.test(f));
  const columns = new Map<Field, number>();
  const ignored: string[] = [];
  if (hasHeader) {
    const pairs = first.filter((f) => PAIR_NAMES.test(f));
    if (pairs.length >= 2) {
      throw new UserError(
        located(
          name,
          rows[0].line,
          undefined,
          `the header (${first.join(", ")}) names strain–stress pairs, not test curves; read it without --test`,
        ),
      );
    }
    first.forEach((raw, j) => {
      const f = raw.toLowerCase();
      const field = (Object.keys(ALIASES) as Field[]).find((k) => ALIASES[k].includes(f));
      if (field === undefined) ignored.push(raw);
      else if (columns.has(field)) {
        throw new UserError(
          located(
            name,
            rows[0].line,
            j + 1,
            `two columns mean ${field}: '${first[columns.get(field)!]}' and '${raw}'`,
          ),
        );
      } else columns.set(field, j);
    });
  } else {
    const mode = options.test;
    if (mode === undefined) {
      throw new UserError(
        `${name}: no header row and no --test: give the test (e.g. --test uniaxial), or a header with a 'test' column`,
      );
    }
    const order = POSITIONAL[mode];
    if (first.length !== order.length) {
      throw new UserError(
        located(
          name,
          rows[0].line,
          undefined,
          `expected ${order.length} columns for a ${mode} test (${order.join(", ")}), got ${first.length}` +
            (first.length >= 4 && first.length % 2 === 0 && mode !== "biaxial"
              ? "; if these are strain–stress pairs, read the file without --test"
              : ""),
        ),
      );
    }
    order.forEach((f, j) => {
      columns.set(f, j);
    });
  }
  if (columns.has("test") && options.test !== undefined) {
    throw new UserError(
      `${name}: the file has a '${first[columns.get("test")!]}' column and --test is given; leave one out`,
    );
  }
  const principal = columns.has("l3");
  if (!columns.has("test") && options.test === undefined && !principal) {
    throw new UserError(
      `${name}: which test is it? give --test (${USER_TEST_MODES.join("|")}) or a 'test' column naming the mode per row`,
    );
  }
  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length === 0) throw new UserError(`${name}: a header but no data rows`);
  const points: TestPoint[] = [];
  const contradictions: string[] = [];
  const warnings: string[] = [];
  if (ignored.length > 0) warnings.push(`${name}: ignored the columns ${ignored.join(", ")}`);
  const curveBase = name.replace(/^.*[\\/]/, "");
  for (const row of body) {
    const { fields, line } = row;
    const width = hasHeader ? first.length : POSITIONAL[options.test!].length;
    if (fields.length !== width) {
      throw new UserError(
        located(
          name,
          line,
          undefined,
          `expected ${width} fields (as in the ${hasHeader ? "header" : "first row"}), got ${fields.length}`,
        ),
      );
    }
    const num = (f: Field): number | undefined => {
      const j = columns.get(f);
      if (j === undefined) return undefined;
      const raw = fields[j];
      if (raw === "") return undefined;
      if (!NUMBER.test(raw) || !Number.isFinite(Number(raw))) {
        throw new UserError(
          located(name, line, j + 1, `expected a finite number, got '${raw.slice(0, 40)}'`),
        );
      }
      return Number(raw);
    };
    const at = (f: Field) => (columns.get(f) ?? 0) + 1;
    let mode: TestMode;
    if (principal) mode = "principal";
    else if (columns.has("test")) {
      const raw = fields[columns.get("test")!].toLowerCase().replace(/[ _]/g, "-");
      const m = raw === "pureshear" ? "pure-shear" : raw === "simpleshear" ? "simple-shear" : raw;
      if (!isTestMode(m) || m === "principal") {
        throw new UserError(
          located(
            name,
            line,
            at("test"),
            `unknown test '${fields[columns.get("test")!]}'; expected one of ${USER_TEST_MODES.join(", ")}`,
          ),
        );
      }
      mode = m;
    } else mode = options.test!;
    const stretch = (lf: Field, ef2: Field | undefined, label: string): number | undefined => {
      const l = num(lf);
      const e = ef2 ? num(ef2) : undefined;
      const v = l ?? (e !== undefined ? 1 + ef * e : undefined);
      if (v !== undefined && !(v > 0)) {
        throw new UserError(
          located(
            name,
            line,
            l !== undefined ? at(lf) : at(ef2!),
            `${label} must be > 0, got ${v}${l === undefined ? ` (1 + ε)` : ""}`,
          ),
        );
      }
      return v;
    };
    const need = (v: number | undefined, what: string, field: Field): number => {
      if (v !== undefined) return v;
      const present =
        columns.has(field) || (field === "l1" && columns.has("e1")) || (field === "l2" && columns.has("e2"));
      // a column that is not there at all: say which columns the header has
      if (hasHeader && !present)
        throw new UserError(`${name}: no column for ${what}; the header has ${first.join(", ")}`);
      throw new UserError(located(name, line, at(field), `a ${mode} row needs ${what}`));
    };
    const stress = (f: Field): number | undefined => {
      const v = num(f);
      return v === undefined ? undefined : v * sf;
    };
    const curve = columns.has("test") ? `${curveBase}:${mode}` : curveBase;
    if (mode === "simple-shear") {
      const gamma = need(num("gamma"), "gamma (the shear γ)", "gamma");
      const P12 = need(stress("p12"), "P12 (the nominal shear stress)", "p12");
      points.push({ mode, curve, lambda1: 1, lambda2: 1, gamma, P12 });
      continue;
    }
    const l1 = need(stretch("l1", "e1", "the stretch"), "a stretch (lambda)", "l1");
    const P11 = stress("p11");
    const P22 = stress("p22");
    const l2given = stretch("l2", "e2", "lambda2");
    const p: TestPoint = { mode, curve, lambda1: l1, lambda2: 1 };
    if (mode === "principal") {
      p.lambda2 = need(l2given, "lambda2", "l2");
      p.lambda3 = need(stretch("l3", undefined, "lambda3"), "lambda3", "l3");
      const P33 = stress("p33");
      if (P11 !== undefined) p.P11 = P11;
      if (P22 !== undefined) p.P22 = P22;
      if (P33 !== undefined) p.P33 = P33;
      if (P11 === undefined && P22 === undefined && P33 === undefined) {
        throw new UserError(
          located(name, line, undefined, "a three-stretch row needs at least one of P11, P22, P33"),
        );
      }
      points.push(p);
      continue;
    }
    p.P11 = need(P11, "P11 (the nominal stress)", "p11");
    if (mode === "biaxial") {
      p.lambda2 = need(l2given, "lambda2 (the second stretch)", "l2");
      if (P22 !== undefined) p.P22 = P22;
    } else if (mode === "uniaxial") {
      // a measured lateral stretch is used as is (anisotropic sheet); else isotropic contraction
      p.lambda2 = l2given ?? 1 / Math.sqrt(l1);
      if (P22 !== undefined) p.P22 = P22;
    } else if (mode === "equibiaxial") {
      if (l2given !== undefined && Math.abs(l2given - l1) > 1e-9 * l1) {
        throw new UserError(
          located(
            name,
            line,
            at("l2"),
            `an equibiaxial row has lambda2 = lambda; got ${l2given} ≠ ${l1} (a biaxial test?)`,
          ),
        );
      }
      p.lambda2 = l1;
    } else {
      if (l2given !== undefined && Math.abs(l2given - 1) > 1e-9) {
        throw new UserError(
          located(name, line, at("l2"), `a pure-shear row has lambda2 = 1; got ${l2given} (a biaxial test?)`),
        );
      }
      if (P22 !== undefined) p.P22 = P22;
    }
    if ((l1 - 1) * p.P11 < 0) contradictions.push(`line ${line}`);
    points.push(p);
  }
  if (contradictions.length > 0) {
    warnings.push(
      `${name}: ${contradictions.length} row${contradictions.length > 1 ? "s have" : " has"} a nominal stress whose sign contradicts the stretch (P < 0 in tension or P > 0 in compression): ${contradictions.slice(0, 5).join(", ")}${contradictions.length > 5 ? ", ..." : ""}`,
    );
  }
  return { points, warnings };
}

interface Row {
  fields: string[];
  line: number;
}

/** CSV/TSV/semicolon/whitespace text → trimmed fields per line; '#' lines and blank lines skipped */
function splitTable(text: string, name: string): Row[] {
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\n|\r/);
  const firstLine = lines.find((l) => l.trim() !== "" && !l.trimStart().startsWith("#")) ?? "";
  const delimiter = /\.tsv$|\.tab$/i.test(name)
    ? "\t"
    : /\.csv$/i.test(name)
      ? ","
      : (["\t", ",", ";"].find((d) => firstLine.includes(d)) ?? " ");
  const rows: Row[] = [];
  lines.forEach((content, i) => {
    if (content.trim() === "" || content.trimStart().startsWith("#")) return;
    let fields: string[];
    if (delimiter === " ") fields = content.trim().split(/\s+/);
    else if (content.includes('"')) {
      try {
        fields = (parse(content, { delimiter, relax_column_count: true }) as string[][])[0] ?? [""];
      } catch {
        throw new UserError(located(name, i + 1, undefined, "malformed CSV quoting"));
      }
    } else fields = content.split(delimiter);
    rows.push({ fields: fields.map((f) => f.trim()), line: i + 1 });
  });
  return rows;
}

function parseJson(text: string, name: string, sf: number, ef: number): ParsedTestCurves {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${name}: not valid JSON (${(err as Error).message.split("\n")[0]})`);
  }
  const expected = 'expected [{ "test": "uniaxial", "lambda": [...], "P": [...] }, ...]';
  const curves = Array.isArray(doc) ? doc : (doc as Record<string, unknown> | null)?.tests;
  if (!Array.isArray(curves) || curves.length === 0) throw new UserError(`${name}: ${expected}`);
  // each curve becomes a long table with a test column, parsed by the text path (one set of rules)
  const principal = curves.some((c) => Array.isArray((c as Record<string, unknown> | null)?.lambda3));
  const keys = principal
    ? ["test", "lambda", "lambda2", "lambda3", "P", "P22", "P33"]
    : ["test", "lambda", "lambda2", "P", "P22", "gamma", "P12"];
  const header = keys;
  const lines: string[] = [];
  const sources: string[] = [];
  curves.forEach((c, i) => {
    if (typeof c !== "object" || c === null) throw new UserError(`${name}: [${i}]: ${expected}`);
    const o = c as Record<string, unknown>;
    if (typeof o.test !== "string")
      throw new UserError(`${name}: [${i}].test: expected the test's name (${USER_TEST_MODES.join(", ")})`);
    const arrays = keys
      .slice(1)
      .map((k) => o[k === "lambda" ? (o.lambda !== undefined ? "lambda" : "lambda1") : k]);
    const len = arrays.find(Array.isArray)?.length ?? 0;
    if (len === 0) throw new UserError(`${name}: [${i}]: no points; ${expected}`);
    arrays.forEach((a, k) => {
      if (a !== undefined && (!Array.isArray(a) || a.length !== len)) {
        throw new UserError(
          `${name}: [${i}].${keys[k + 1]}: expected an array of ${len} numbers (as long as the other arrays)`,
        );
      }
    });
    for (let p = 0; p < len; p++) {
      const cells = arrays.map((a, k) => {
        const v = (a as unknown[] | undefined)?.[p];
        if (v === undefined || v === null) return "";
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new UserError(
            `${name}: [${i}].${keys[k + 1]}[${p}]: expected a finite number (or null: not measured), got ${JSON.stringify(v)}`,
          );
        }
        return String(v);
      });
      lines.push([o.test.replace(/,/g, " "), ...cells].join(","));
      sources.push(`[${i}] point ${p}`);
    }
  });
  const table = [
    (principal ? header.slice(1) : header).join(","),
    ...(principal ? lines.map((l) => l.slice(l.indexOf(",") + 1)) : lines),
  ].join("\n");
  try {
    const parsed = parseTestCurves(table, `${name}.csv`, { stressFactor: sf, strainFactor: ef });
    const base = name.replace(/^.*[\\/]/, "");
    for (const p of parsed.points) p.curve = p.curve.replace(`${base}.csv`, base);
    return { points: parsed.points, warnings: parsed.warnings.map((w) => w.replace(`${name}.csv`, name)) };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    // the text path names a line of the table: point at the curve and point instead
    const m = /^.*?\.csv:(\d+)(?::\d+)?: (.*)$/.exec(err.message);
    if (!m) throw new UserError(err.message.replace(`${name}.csv`, name));
    throw new UserError(`${name}: ${sources[Number(m[1]) - 2] ?? ""}: ${m[2]}`);
  }
}
