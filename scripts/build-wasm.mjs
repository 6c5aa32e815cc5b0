// Builds the WebAssembly SIMD kernels (src/kernels/assembly/, AssemblyScript) into
// dist/wasm/kernels.wasm with the installed assemblyscript compiler: -O3, SIMD enabled, the
// minimal runtime (the kernels manage their own linear memory). Run by `npm run build`.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist", "wasm");
mkdirSync(outDir, { recursive: true });
const { error, stderr } = await asc.main([
  join(root, "src", "kernels", "assembly", "index.ts"),
  "--outFile",
  join(outDir, "kernels.wasm"),
  "--optimizeLevel",
  "3",
  "--shrinkLevel",
  "0",
  "--noAssert",
  "--runtime",
  "stub",
  "--enable",
  "simd",
]);
if (error) {
  console.error(stderr.toString());
  console.error(`build-wasm: ${error.message}`);
  process.exit(1);
}
console.log("build-wasm: dist/wasm/kernels.wasm");
