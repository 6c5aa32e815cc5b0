import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding miann's package.json, found by walking up from this file. The compiled
 * kernels (dist/wasm/kernels.wasm) and the compiled worker (dist/src/kernels/worker.js) live
 * under it whether this module runs from src/ (vitest, tsx) or from dist/ (the built CLI).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, "utf8")).name === "miann") return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("miann: cannot find the package root (package.json named miann)");
    dir = parent;
  }
}

/** Path of a build output under dist/, with a clear error when the build is missing. */
export function builtFile(...parts: string[]): string {
  const path = join(packageRoot(), "dist", ...parts);
  if (!existsSync(path)) {
    throw new Error(`miann: ${path} is missing; run npm run build (it compiles the WebAssembly kernels)`);
  }
  return path;
}
