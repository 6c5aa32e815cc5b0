// Builds dist/playground.html: the browser playground as one self-contained file. Three esbuild
// bundles: the training worker (src/playground/worker.ts with the library, vega and vega-lite, and
// the WebAssembly kernels inlined as base64), the page's script (src/playground/page.ts, which
// starts the worker from a blob: URL), and the HTML around them with a Content-Security-Policy
// that allows no request at all. Run by `npm run build` after the WebAssembly is built.
//
// It is also the check that the code the browser runs uses no Node built-in: each import of one
// in the bundles' import graph fails the build with the importing file named. Where a module has
// a browser side (a sibling X.browser.ts beside X.ts: the kernels' bytes, threads and pool), the
// bundle takes that one.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entryDir = process.env.MIANN_PLAYGROUND_SRC ?? join(root, "src", "playground");
const out = process.env.MIANN_PLAYGROUND_OUT ?? join(root, "dist", "playground.html");
const nodeBuiltins = new Set(builtinModules);

/** browser sides of the seams, and a refusal of every Node built-in */
const browserSeams = {
  name: "miann-browser-seams",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, "").split("/")[0];
      if (args.path.startsWith("node:") || (nodeBuiltins.has(bare) && !args.path.startsWith("."))) {
        return {
          errors: [
            {
              text: `${args.path} is a Node built-in, imported by ${relative(root, args.importer)}: code the browser playground runs must not use it (give the module a browser side, a sibling .browser.ts)`,
            },
          ],
        };
      }
      if (args.path.startsWith(".") && args.path.endsWith(".js")) {
        const base = resolve(args.resolveDir, args.path.slice(0, -3));
        if (existsSync(`${base}.browser.ts`)) return { path: `${base}.browser.ts` };
        if (existsSync(`${base}.ts`)) return { path: `${base}.ts` };
      }
      return undefined;
    });
  },
};

async function bundle(entry, define) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define,
    // csv-parse's browser build (its Node build uses Buffer)
    alias: { "csv-parse/sync": "csv-parse/browser/esm/sync" },
    plugins: [browserSeams],
    logLevel: "silent",
  }).catch((err) => {
    for (const e of err.errors ?? []) {
      const where = e.location ? `${e.location.file}:${e.location.line}: ` : "";
      console.error(`build-playground: ${where}${e.text}`);
    }
    process.exit(1);
  });
  return result.outputFiles[0].text;
}

// both builds of the kernels (the relaxed-SIMD one runs where the engine has relaxed SIMD, as in
// the CLI), by file name
const wasm = Object.fromEntries(
  ["kernels.wasm", "kernels-relaxed.wasm"].map((f) => [
    f,
    readFileSync(join(root, "dist", "wasm", f)).toString("base64"),
  ]),
);
// The built-in data sets, made here by the compiled library in Node and inlined as float64 bytes:
// a browser's Math.exp and Math.cos may differ from Node's in the last bit, and the page must
// train on exactly the rows `miann data generate` writes.
const { generateDataset } = await import(join(root, "dist", "src", "data", "generate.js"));
const packed = (ds) => ({
  n: ds.n,
  dim: ds.dim,
  names: ds.names,
  source: ds.source,
  material: ds.material,
  strain: Buffer.from(ds.strain.buffer, ds.strain.byteOffset, ds.strain.byteLength).toString("base64"),
  stress: Buffer.from(ds.stress.buffer, ds.stress.byteOffset, ds.stress.byteLength).toString("base64"),
});
const builtinData = { fabric: packed(generateDataset()) };
const worker = await bundle(join(entryDir, "worker.ts"), {
  __MIANN_KERNELS_WASM_BASE64__: JSON.stringify(wasm),
  __MIANN_BUILTIN_DATA__: JSON.stringify(builtinData),
});
console.log(`build-playground: worker ${(worker.length / 1e6).toFixed(2)} MB`);
const script = await bundle(join(entryDir, "page.ts"), {
  __MIANN_WORKER_SOURCE__: JSON.stringify(worker),
});
const template = readFileSync(join(entryDir, "page.html"), "utf8");
// the inline script may run because of its hash; nothing else may load or connect
const hash = createHash("sha256").update(script).digest("base64");
const csp = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' 'wasm-unsafe-eval'`,
  "worker-src blob:",
  "style-src 'unsafe-inline'",
  "img-src data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const safeScript = script.replace(/<\/script/gi, "<\\/script");
if (safeScript !== script) {
  console.error("build-playground: the page script contains </script; it cannot be inlined as is");
  process.exit(1);
}
const html = template.replace("%CSP%", () => csp).replace("/*%SCRIPT%*/", () => script);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`build-playground: ${relative(root, out)} (${(html.length / 1e6).toFixed(2)} MB)`);
