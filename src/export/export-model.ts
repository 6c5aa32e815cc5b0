import { existsSync, readFileSync } from "node:fs";
import { loadModel } from "../model/file.js";
import { checkFiniteModel } from "../model/finite.js";
import { writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";
import { defaultOutput, type ExportTarget, exportTargets, generateExport } from "./generate-export.js";
import { isUneditedExport, sealExport } from "./provenance.js";
import { readExportableModel } from "./read-model.js";

export {
  defaultOutput,
  type ExportTarget,
  exportTargets,
  type GeneratedFile,
  generateExport,
} from "./generate-export.js";

/**
 * Refuses to replace a file miann did not write (it may be the user's own code), unless `force`.
 * An unedited previous export (its recorded checksum matches its text) is replaced without asking.
 */
function checkOverwrite(path: string, force: boolean): void {
  if (force || !existsSync(path)) return;
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    // unreadable (no permission): not known to be ours
  }
  if (!isUneditedExport(text)) {
    throw new UserError(
      `${path}: exists and is not an unedited miann export; choose another -o or pass --force to replace it`,
    );
  }
}

export interface ExportOptions {
  to: ExportTarget;
  /** main output file (default per target) */
  output?: string;
  /** routine-name prefix for the C functions and the Fortran network routine (default "miann") */
  prefix?: string;
  /** replace existing files that miann did not write */
  force?: boolean;
}

/** Reads a model file, generates the export and writes it atomically. Returns the paths written. */
export function exportModelFile(modelPath: string, options: ExportOptions): string[] {
  if (!exportTargets.includes(options.to)) {
    throw new UserError(
      `--to "${String(options.to)}" is not a target (expected one of ${exportTargets.join(", ")})`,
    );
  }
  const output = options.output ?? defaultOutput[options.to];
  const force = options.force ?? false;
  // the model itself is never replaced, with --force neither (checked before reading it)
  checkOutputPath(output, {
    force: true,
    inputs: [{ path: modelPath, what: "the model being exported" }],
  });
  const model = readExportableModel(modelPath);
  checkFiniteModel(loadModel(modelPath).model, modelPath);
  const files = generateExport(model, options.to, output, options.prefix ?? "miann");
  const checked = new Set<string>();
  for (const f of files) {
    checkOutputPath(f.path, { force: true, inputs: [{ path: modelPath, what: "the model being exported" }] });
    checkOverwrite(f.path, force);
    if (existsSync(f.path)) checked.add(f.path);
  }
  const sealed = files.map((f) => ({ path: f.path, text: sealExport(f.text) }));
  // an existing file was checked above (ours, or --force); a file appearing meanwhile is not replaced
  for (const f of sealed) writeFileAtomic(f.path, f.text, { replace: force || checked.has(f.path) });
  return files.map((f) => f.path);
}
