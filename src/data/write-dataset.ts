import { extname } from "node:path";
import { type WriteOptions, writeChunksAtomicAsync, writeFileAtomic } from "../util/atomic.js";
import { writeCsv, writeCsvAsync } from "./csv.js";
import type { Dataset } from "./dataset.js";
import { voigtNames } from "./generate.js";
import { generatedComment } from "./generated-comment.js";

/**
 * Writes a dataset so that readDataset gives it back bit for bit, atomically, in the format its
 * extension names: .json → { names, strain: [[...]], stress: [[...]], material?, source? }; .tsv/.tab
 * → tab-separated; anything else → CSV. Text files have a header row, the d strain columns, then the
 * d stress columns. An unknown stress (mask 0) is an empty field in CSV/TSV and null in JSON.
 */
export function writeDataset(path: string, ds: Dataset, options: WriteOptions = {}): void {
  const json = datasetJson(path, ds);
  if (json !== undefined) writeFileAtomic(path, json, options);
  else writeCsv(path, ...csvTable(ds), { ...options, ...csvOptions(ds) });
}

/** writeDataset for large files: the event loop gets a turn between chunks (Ctrl-C cleans up). */
export async function writeDatasetAsync(
  path: string,
  ds: Dataset,
  options: WriteOptions = {},
): Promise<void> {
  const json = datasetJson(path, ds);
  if (json !== undefined) await writeChunksAtomicAsync(path, [json], options);
  else await writeCsvAsync(path, ...csvTable(ds), { ...options, ...csvOptions(ds) });
}

function datasetJson(path: string, ds: Dataset): string | undefined {
  const d = ds.dim;
  const names = ds.names ?? voigtNames(d);
  if (extname(path).toLowerCase() === ".json") {
    const rows = (a: Float64Array) =>
      Array.from({ length: ds.n }, (_, p) => Array.from(a.subarray(p * d, p * d + d)));
    const doc: Record<string, unknown> = { names, strain: rows(ds.strain), stress: rows(ds.stress) };
    if (ds.material !== undefined) doc.material = ds.material;
    if (ds.materialParams !== undefined) doc.materialParams = ds.materialParams;
    if (ds.source !== undefined) doc.source = ds.source;
    return `${JSON.stringify(doc)}\n`;
  }
  return undefined;
}

/** unknown stress as empty fields; synthetic data remember their law in a comment line (readDataset reads it back) */
function csvOptions(ds: Dataset): { unknownAsEmpty: boolean; comment?: string } {
  const comment =
    ds.material !== undefined
      ? generatedComment(ds.material, ds.materialParams, ds.source?.replace(/^generated:\s*[^,]*,\s*/, ""))
      : undefined;
  return { unknownAsEmpty: ds.mask !== undefined, ...(comment !== undefined ? { comment } : {}) };
}

function csvTable(ds: Dataset): [string[], Float64Array, number] {
  const d = ds.dim;
  const names = ds.names ?? voigtNames(d);
  const values = new Float64Array(ds.n * 2 * d);
  for (let p = 0; p < ds.n; p++) {
    values.set(ds.strain.subarray(p * d, p * d + d), p * 2 * d);
    values.set(ds.stress.subarray(p * d, p * d + d), p * 2 * d + d);
  }
  return [[...names.strain, ...names.stress], values, 2 * d];
}
