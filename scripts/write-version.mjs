// Writes src/version.ts from package.json's version, so that no code reads package.json at run
// time (a browser has no file system; the bundled playground carries the constant). Run by
// `npm run build`; the file is committed too, so a fresh clone type-checks before any build, and
// test/version.test.ts fails when the two disagree.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
if (typeof version !== "string" || !/^[0-9A-Za-z.+-]+$/.test(version)) {
  console.error(`write-version: package.json has no usable version (${String(version)})`);
  process.exit(1);
}
const path = join(root, "src", "version.ts");
const text =
  "// Generated from package.json by scripts/write-version.mjs (npm run build); do not edit.\n" +
  "/** The package version. */\n" +
  `export const version = ${JSON.stringify(version)};\n`;
let old = "";
try {
  old = readFileSync(path, "utf8");
} catch {
  // first build
}
if (old !== text) writeFileSync(path, text);
