import { readFileSync } from "node:fs";
import { type WriteOptions, writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { type ModelFile, modelFromFile, parseModelFile, serializeModelFile } from "./file-format.js";
import type { Model } from "./types.js";

/**
 * Model files on disk (Node side). The format (schema, serialisation, validation of a text) is in
 * file-format.ts, which the browser playground uses too.
 */
export * from "./file-format.js";

/** Writes a model file atomically (a reader never sees half a file). */
export function saveModel(path: string, file: ModelFile, options: WriteOptions = {}): void {
  writeFileAtomic(path, serializeModelFile(file), options);
}

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
