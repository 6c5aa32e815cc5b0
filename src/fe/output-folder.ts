import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../util/errors.js";

/**
 * Prepares an experiment's output folder without ever destroying a user's files: a new or empty
 * folder is used as is; a folder that already holds this experiment's results (its .pvd) has its
 * old step files (<name>-*.vtu) removed so the new series is not mixed with stale frames; any other
 * non-empty folder is refused unless `force`.
 */
export function prepareOutputFolder(dir: string, name: string, force: boolean): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new UserError(`${dir}: exists and is not a folder (expected an output folder)`);
    const entries = readdirSync(dir);
    const ours = entries.includes(`${name}.pvd`);
    if (entries.length > 0 && !ours && !force) {
      throw new UserError(
        `${dir}: folder is not empty and holds no earlier '${name}' results; choose another -o folder or pass --force`,
      );
    }
    const step = new RegExp(`^${name}-\\d+\\.vtu$`);
    for (const entry of entries) if (step.test(entry)) rmSync(join(dir, entry));
  } else {
    mkdirSync(dir, { recursive: true });
  }
}
