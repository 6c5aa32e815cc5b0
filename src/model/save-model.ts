import { type WriteOptions, writeFileAtomic } from "../util/atomic.js";
import { type ModelFile, serializeModelFile } from "./file-format.js";

/**
 * Writes a model file atomically (a reader never sees half a file). Node side; apart from the
 * loaders (file.ts) so that a command that only writes a model does not load their schema library.
 */
export function saveModel(path: string, file: ModelFile, options: WriteOptions = {}): void {
  writeFileAtomic(path, serializeModelFile(file), options);
}
