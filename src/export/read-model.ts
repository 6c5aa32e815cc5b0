import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { UserError } from "../util/errors.js";
import { type ExportableModel, exportableFromModelFile } from "./exportable.js";

/** The part of the miann model file (src/model/file.ts, format "miann-model" v1) an export reads. */
const modelFileFields = z.object({
  format: z.literal("miann-model"),
  version: z.literal(1),
  name: z.string(),
  kind: z.enum(["miann", "potential", "regression"]),
  spec: z.object({
    kind: z.enum(["miann", "potential", "regression"]),
    inputDim: z.number().int().min(1),
    hidden: z.array(z.number().int().min(1)).min(1),
  }),
  scaling: z.object({ strainScale: z.array(z.number()), stressScale: z.number() }),
  params: z.array(z.number()),
});

/**
 * Reads a miann model file for export: the bytes are hashed (SHA-256, embedded in every export),
 * then parsed and checked. Any problem is a one-line UserError naming the file and the field.
 */
export function readExportableModel(path: string): ExportableModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UserError(
      `${path}: cannot read the model file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message}); expected a miann model file`);
  }
  const parsed = modelFileFields.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new UserError(
      `${path}: ${where}: ${issue.message}; expected a miann model file (format "miann-model", version 1)`,
    );
  }
  return exportableFromModelFile(parsed.data, sha256, path);
}
