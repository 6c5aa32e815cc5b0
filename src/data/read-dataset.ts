import { readFileSync } from "node:fs";
import { cannotRead, checkRegularFile, readNumericTable } from "./csv.js";
import type { Dataset } from "./dataset.js";
import {
  checkJsonOptions,
  checkOptions,
  datasetColumns,
  datasetFromJson,
  finishDataset,
  type RawData,
  type ReadDatasetOptions,
  tableError,
  tableOptions,
} from "./dataset-text.js";
import { extensionOf, type NumericTable } from "./table-text.js";

export { jsonPathOffset, parseDataset, type ReadDatasetOptions } from "./dataset-text.js";

/**
 * Reads a strain–stress dataset into the internal convention (docs/theory.md, section "Conventions"): CSV/TSV (with or
 * without a header) or JSON ({ strain: number[][], stress: number[][] } or [{ strain, stress }, ...]).
 * With no columns chosen, a CSV must have 2d columns: the first d strain, the next d stress. Every
 * problem is a UserError naming the file (and line and column where there is one) and what was
 * expected.
 */
export function readDataset(path: string, options: ReadDatasetOptions = {}): Dataset {
  checkOptions(options);
  const json = extensionOf(path) === ".json";
  let raw: RawData;
  if (json) raw = datasetFromJson(path, readJsonText(path, options), options);
  else {
    let table: NumericTable;
    try {
      table = readNumericTable(path, tableOptions(options));
    } catch (err) {
      throw tableError(err);
    }
    raw = datasetColumns(path, table, options);
  }
  return finishDataset(path, raw, options, json);
}

function readJsonText(path: string, options: ReadDatasetOptions): string {
  checkJsonOptions(path, options);
  try {
    checkRegularFile(path);
    return readFileSync(path, "utf8");
  } catch (err) {
    throw cannotRead(path, err);
  }
}
