import { extname } from "node:path";
import { type WriteOptions, writeFileAtomic } from "../util/atomic.js";
import type { TestPoint } from "./dataset.js";

/**
 * Writes test curves in the layout a lab would: CSV/TSV, one row per point, columns test, lambda,
 * P (and lambda2, P22 when a biaxial test is there; gamma, P12 for simple shear), empty where a
 * value does not apply or was not measured; JSON: [{ test, lambda, P, ... }, ...] one entry per
 * test, null where not measured. parseTestCurves reads both back.
 */
export function writeTestCurves(
  path: string,
  points: readonly TestPoint[],
  comment?: string,
  options: WriteOptions = {},
): void {
  const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "" : String(v));
  if (extname(path).toLowerCase() === ".json") {
    const curves = new Map<string, TestPoint[]>();
    for (const p of points) {
      const key = `${p.curve}\u0000${p.mode}`;
      if (!curves.has(key)) curves.set(key, []);
      curves.get(key)!.push(p);
    }
    const doc = [...curves.values()].map((pts) => {
      const mode = pts[0].mode;
      const c: Record<string, unknown> = { test: mode };
      if (mode === "simple-shear") {
        c.gamma = pts.map((p) => p.gamma);
        c.P12 = pts.map((p) => p.P12 ?? null);
      } else {
        c.lambda = pts.map((p) => p.lambda1);
        if (mode === "biaxial") c.lambda2 = pts.map((p) => p.lambda2);
        c.P = pts.map((p) => p.P11 ?? null);
        if (mode === "biaxial" || pts.some((p) => p.P22 !== undefined)) c.P22 = pts.map((p) => p.P22 ?? null);
      }
      return c;
    });
    writeFileAtomic(path, `${JSON.stringify(comment ? { source: comment, tests: doc } : doc)}\n`, options);
    return;
  }
  const sep = /\.(tsv|tab)$/i.test(path) ? "\t" : ",";
  const biaxial = points.some((p) => p.mode === "biaxial" || p.P22 !== undefined);
  const shear = points.some((p) => p.mode === "simple-shear");
  const header = [
    "test",
    "lambda",
    "P",
    ...(biaxial ? ["lambda2", "P22"] : []),
    ...(shear ? ["gamma", "P12"] : []),
  ];
  const lines = comment ? [`# ${comment}`, header.join(sep)] : [header.join(sep)];
  for (const p of points) {
    const ss = p.mode === "simple-shear";
    const row = [p.mode, ss ? "" : fmt(p.lambda1), ss ? "" : fmt(p.P11)];
    if (biaxial) row.push(p.mode === "biaxial" ? fmt(p.lambda2) : "", fmt(p.P22));
    if (shear) row.push(ss ? fmt(p.gamma) : "", ss ? fmt(p.P12) : "");
    lines.push(row.join(sep));
  }
  writeFileAtomic(path, `${lines.join("\n")}\n`, options);
}
