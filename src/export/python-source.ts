import { cNumber } from "./numbers.js";
import { conventionLines, type Provenance, provenanceLines } from "./provenance.js";

/**
 * Pieces both Python exports share: float literals that round-trip every float64 (17 significant
 * digits), nested lists for row-major blocks, and the module docstring with the provenance.
 */

/** A Python float literal (17 significant digits, exact round trip), e.g. -1.2345678901234567e-03 */
export function pyNumber(x: number, what = "a parameter"): string {
  return cNumber(x, what);
}

/** A flat list literal, wrapped at about `perLine` numbers per line with the given indent. */
export function pyList(values: ArrayLike<number>, indent = "    ", perLine = 4): string {
  const items: string[] = [];
  for (let i = 0; i < values.length; i++) items.push(pyNumber(values[i]));
  if (items.length <= perLine) return `[${items.join(", ")}]`;
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine)
    lines.push(`${indent}    ${items.slice(i, i + perLine).join(", ")},`);
  return `[\n${lines.join("\n")}\n${indent}]`;
}

/** A row-major block as a nested list literal of the given shape ([] scalar, [n] vector, [r, c] matrix). */
export function pyNested(values: ArrayLike<number>, shape: number[], indent = "    "): string {
  if (shape.length === 0) return pyNumber(values[0]);
  if (shape.length === 1) return pyList(values, indent);
  const [rows, cols] = shape;
  const inner = `${indent}    `;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: cols }, (_, c) => values[r * cols + c]);
    lines.push(`${inner}${pyList(row, inner)},`);
  }
  return `[\n${lines.join("\n")}\n${indent}]`;
}

/** The module docstring: provenance, conventions and what the file offers (all lines safe text). */
export function pyDocstring(prov: Provenance, d: number, about: string[]): string {
  const lines = [...provenanceLines(prov), "", ...conventionLines(d), ...about];
  return `"""${lines.join("\n").replace(/\\/g, "/")}\n"""\n`;
}
