// Builds dist/cli/miann.js, the `miann` command: src/cli/main.ts and everything it imports
// (commander, zod, csv-parse, vega for the report, ...) bundled by esbuild into a few files, split
// at the commands' dynamic imports so that each command loads only what it runs. Loading the ~150
// separate modules of tsc's output took ~0.15 s of every command's start-up (measured:
// `miann train --help` 0.39 s unbundled, 0.24 s bundled, 0.12 s for Node itself). The library
// (dist/src, tsc's output) and the kernels' worker threads (dist/src/kernels/worker.js) are not
// affected. Run by `npm run build` after tsc.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist", "cli");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, "src", "cli", "main.ts")],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  entryNames: "miann",
  chunkNames: "chunks/[name]-[hash]",
  // a native addon (PNG rendering of the report): loaded from node_modules as installed
  external: ["@resvg/resvg-js"],
  // the CommonJS packages inside call require() for Node's modules: give the ESM bundle one
  banner: {
    js: "import { createRequire as __miannCreateRequire } from 'node:module'; const require = __miannCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
console.log("build-cli: dist/cli/miann.js");
