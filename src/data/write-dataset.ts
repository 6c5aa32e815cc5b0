import { extname } from "node:path";
import { writeFileAtomic } from "../util/atomic.js";
import { writeCsv } from "./csv.js";
import type { Dataset } from "./dataset.js";
import { voigtNames } from "./generate.js";
import { generatedComment } from "./generated-comment.js";

/**
 * Writes a dataset so that readDataset gives it back bit for bit, atomically, in the format its
 * extension names: .json → { names, strain: [[...]], stress: [[...]], material?, source? }; .tsv/.tab
 * → tab-separated; anything else → CSV. Text files have a header row, the d strain columns, then the
 * d stress columns. An unknown stress (mask 0) is an empty field in CSV/TSV and null in JSON.
 */
export function writeDataset(path: string, ds: Dataset): void {
  const d = ds.dim;
  const names = ds.names ?? voigtNames(d);
  if (extname(path).toLowerCase() === ".json") {
    const rows = (a: Float64Array) =>
      Array.from({ length: ds.n }, (_, p) => Array.from(a.subarray(p * d, p * d + d)));
    const doc: Record<string, unknown> = { names, strain: rows(ds.strain), stress: rows(ds.stress) };
    if (ds.material !== undefined) doc.material = ds.material;
    if (ds.materialParams !== undefined) doc.materialParams = ds.materialParams;
    if (ds.source !== undefined) doc.source = ds.source;
    writeFileAtomic(path, `${JSON.stringify(doc)}\n`);
    return;
  }
  const values = new Float64Array(ds.n * 2 * d);
  for (let p = 0; p < ds.n; p++) {
    values.set(ds.strain.subarray(p * d, p * d + d), p * 2 * d);
    values.set(ds.stress.subarray(p * d, p * d + d), p * 2 * d + d);
  }
  // synthetic data remember their law in a comment line (readDataset reads it back)
  const comment =
    ds.material !== undefined
      ? generatedComment(ds.material, ds.materialParams, ds.source?.replace(/^generated:\s*[^,]*,\s*/, ""))
      : undefined;
  writeCsv(path, [...names.strain, ...names.stress], values, 2 * d, {
    unknownAsEmpty: ds.mask !== undefined,
    ...(comment !== undefined ? { comment } : {}),
  });
}
