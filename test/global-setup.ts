import { existsSync } from "node:fs";

/**
 * The CLI tests spawn the built CLI and the kernel tests load the built WebAssembly: without a
 * build they must fail loudly, never skip. `npm test` builds first.
 */
export default function setup(): void {
  for (const file of ["dist/cli/miann.js", "dist/wasm/kernels.wasm", "dist/src/kernels/worker.js"]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` builds, then tests)`);
    }
  }
}
