import { UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";

/** Parsers for the numeric options of the train and demo commands; a bad value is a UserError. */

export function parseInteger(
  value: string,
  option: string,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  const v = Number(value);
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(v) || v < min) {
    throw new UserError(
      `${option}: expected an integer${min > Number.NEGATIVE_INFINITY ? ` ≥ ${min}` : ""}, got "${value}"`,
    );
  }
  if (v > max) throw new UserError(`${option}: expected at most ${max}, got "${value}"`);
  return v;
}

export function parseNumber(
  value: string,
  option: string,
  range: { positive?: boolean; min?: number; max?: number } = {},
): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v))
    throw new UserError(`${option}: expected a number, got "${value}"`);
  if (range.positive && !(v > 0))
    throw new UserError(`${option}: expected a positive number, got "${value}"`);
  if (range.min !== undefined && v < range.min)
    throw new UserError(`${option}: expected a number ≥ ${range.min}, got "${value}"`);
  if (range.max !== undefined && v > range.max)
    throw new UserError(`${option}: expected a number ≤ ${range.max}, got "${value}"`);
  return v;
}

/** --delimiter: "," ";" "tab" (or a tab character) "space" (runs of spaces/tabs) → the reader's value */
export function parseDelimiter(value: string, option = "--delimiter"): string {
  const v = value === "\t" ? "tab" : value.trim().toLowerCase();
  if (v === "," || v === "comma") return ",";
  if (v === ";" || v === "semicolon") return ";";
  if (v === "tab" || v === "\\t") return "\t";
  if (v === "space" || v === "whitespace") return " ";
  throw new UserError(`${option}: expected ',', ';', tab or space, got "${value}"`);
}

/** "16,16,8" → [16, 16, 8] */
export function parseHidden(value: string, option: string): number[] {
  const parts = value.split(",").map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) {
    throw new UserError(
      `${option}: expected comma-separated positive widths such as 16,16,8, got "${value}"`,
    );
  }
  const widths = parts.map(Number);
  if (widths.length > LIMITS.layers || widths.some((w) => w > LIMITS.width)) {
    throw new UserError(
      `${option}: expected at most ${LIMITS.layers} layers of width ≤ ${LIMITS.width}, got "${value}"`,
    );
  }
  return widths;
}

/** "1-3" → [1, 2, 3]; "E11,E22,G12" → names; "4,5,6" → [4, 5, 6] (1-based column numbers) */
export function parseColumns(value: string, option: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const raw of value.split(",")) {
    const part = raw.trim();
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (a < 1 || b < a) throw new UserError(`${option}: bad column range "${part}" (expected e.g. 1-3)`);
      // checked before the range is expanded: 1-10000000000 must not allocate ten billion entries
      if (b > LIMITS.columns) {
        throw new UserError(
          `${option}: column range "${part}" goes beyond ${LIMITS.columns}, more columns than miann reads`,
        );
      }
      for (let c = a; c <= b; c++) out.push(c);
    } else if (/^\d+$/.test(part)) {
      if (Number(part) < 1) throw new UserError(`${option}: columns are numbered from 1, got "${part}"`);
      out.push(Number(part));
    } else if (part !== "") out.push(part);
    else throw new UserError(`${option}: empty column in "${value}"`);
  }
  return out;
}
