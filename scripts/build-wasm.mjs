// Builds the WebAssembly SIMD kernels (src/kernels/assembly/, AssemblyScript) with the installed
// assemblyscript compiler: -O3, the minimal runtime (the kernels manage their own linear memory).
// Two builds of the same source: dist/wasm/kernels.wasm (fixed-width SIMD, the baseline every
// engine with SIMD runs) and dist/wasm/kernels-relaxed.wasm (also relaxed SIMD: fused
// multiply-adds), chosen at load time by src/kernels/wasm-module.ts. The bench's peak
// microbenchmark (bench/assembly/peak.ts) is built the same two ways. Run by `npm run build`.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist", "wasm");
mkdirSync(outDir, { recursive: true });

const builds = [
  ["src/kernels/assembly/index.ts", "kernels"],
  ["bench/assembly/peak.ts", "peak"],
];
for (const [source, name] of builds) {
  for (const relaxed of [false, true]) {
    const file = `${name}${relaxed ? "-relaxed" : ""}.wasm`;
    const { error, stderr } = await asc.main([
      join(root, ...source.split("/")),
      "--outFile",
      join(outDir, file),
      "--optimizeLevel",
      "3",
      "--shrinkLevel",
      "0",
      "--noAssert",
      "--runtime",
      "stub",
      "--enable",
      "simd",
      ...(relaxed ? ["--enable", "relaxed-simd"] : []),
    ]);
    if (error) {
      console.error(stderr.toString());
      console.error(`build-wasm: ${error.message}`);
      process.exit(1);
    }
    console.log(`build-wasm: dist/wasm/${file}`);
  }
}
