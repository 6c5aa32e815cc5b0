import { materialNames } from "./materials/index.js";

/**
 * The comment line `miann data generate` writes above a CSV's header, so that the file remembers
 * the reference law it came from (and `train`, `report` can draw that law):
 *   # generated: fabric; mixed paths, 5000 samples, noise 0, seed 1, strain band [0, 0.1]
 *   # generated: fibre {"matrix":"svk","direction":[1,1,0]}; mixed paths, …
 * The law's name comes first, then its parameters (JSON) when they are not the defaults, then a
 * description for people. Readers skip '#' lines, so the file stays a plain CSV.
 */
export function generatedComment(
  material: string,
  params: Record<string, unknown> | undefined,
  description = "",
): string {
  const p = params !== undefined && Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : "";
  return `generated: ${material}${p}${description ? `; ${description}` : ""}`;
}

/**
 * The reference law named by a "generated:" comment (the text after "generated:"), when it is a
 * built-in law; undefined otherwise (a comment written by something else is not an error).
 */
export function parseGeneratedComment(
  text: string,
): { material: string; params?: Record<string, unknown> } | undefined {
  const m = /^([A-Za-z0-9_-]+)(?:\s+(\{[^;]*\}))?\s*(?:;|,|$)/.exec(text.trim());
  if (!m || !materialNames().includes(m[1])) return undefined;
  if (m[2] === undefined) return { material: m[1] };
  try {
    const params = JSON.parse(m[2]) as unknown;
    if (typeof params !== "object" || params === null || Array.isArray(params)) return undefined;
    return { material: m[1], params: params as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
