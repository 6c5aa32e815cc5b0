import { readFileSync } from "node:fs";
import { loadModelFile } from "../model/file.js";
import { UserError } from "../util/errors.js";
import { sha256Hex } from "../util/sha256.js";
import { type ExportableModel, exportableFromModelFile } from "./exportable.js";

/**
 * Reads a miann model file for export: validated by the model-file reader (one-line UserError on
 * anything wrong), and its bytes hashed (SHA-256, embedded in every export).
 */
export function readExportableModel(path: string): ExportableModel {
  const file = loadModelFile(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UserError(
      `${path}: cannot read the model file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const sha256 = sha256Hex(bytes);
  return exportableFromModelFile(file, sha256, path);
}
