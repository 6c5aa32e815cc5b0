import type { TopLevelSpec } from "vega-lite";

/** One figure of the report: a Vega-Lite specification with its data inline, and its caption. */
export interface Figure {
  /** a file-name-safe identifier, used for the PNG name and the HTML anchor */
  id: string;
  title: string;
  /** one or two sentences saying what is plotted and how to read it */
  caption: string;
  spec: TopLevelSpec;
}

/** The shared top of every specification (schema, config, inline-data only). */
export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Indices 0..n-1 thinned to at most `max`, evenly spaced and deterministic. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.floor((k * n) / max));
  return out;
}

/** Rounds to `digits` significant digits, so the inline data stays small. */
export function round(value: number, digits = 6): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
