import { readFileSync } from "node:fs";
import { UserError } from "../util/errors.js";
import { type ModelFile, modelFromFile } from "./file-format.js";
import { parseModelFile } from "./file-parse.js";
import type { Model } from "./types.js";

/**
 * Model files on disk (Node side). The format and its serialisation are in file-format.ts, the
 * validation of a text in file-parse.ts (both used by the browser playground too), the writer in
 * save-model.ts.
 */
export * from "./file-format.js";
export * from "./file-parse.js";
export * from "./save-model.js";

/**
 * Reads and validates a model file. Anything wrong (unreadable, not JSON, not a model file, a newer
 * version, a field of the wrong type, arrays of the wrong size) is a UserError of one line naming
 * the file and the JSON path.
 */
export function loadModelFile(path: string): ModelFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read the model file (${code === "ENOENT" ? "no such file" : code})`);
  }
  return parseModelFile(path, text);
}

/** loadModelFile + modelFromFile. */
export function loadModel(path: string): { model: Model; file: ModelFile } {
  const file = loadModelFile(path);
  return { model: modelFromFile(file), file };
}
