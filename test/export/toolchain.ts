import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Fails with an install hint when a compiler the export tests need is missing (CI installs it). */
export function requireCompiler(name: "gcc" | "gfortran"): void {
  const r = spawnSync(name, ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(
      `${name} is required by the export tests but was not found; install it with: apt-get install -y ${name} (.ci/run does this)`,
    );
  }
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "miann-export-test-"));
}

/** Writes files into dir, runs a compiler command there, returns the path of the executable. */
export function compile(
  dir: string,
  compiler: "gcc" | "gfortran",
  files: Record<string, string>,
  args: string[],
  exe: string,
): string {
  requireCompiler(compiler);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(compiler, [...args, "-o", exe], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${compiler} ${args.join(" ")} failed in ${dir}:\n${r.stderr}`);
  return join(dir, exe);
}

/** Runs an executable with numbers on stdin, returns the whitespace-separated numbers it prints. */
export function runNumbers(exe: string, input: number[]): Float64Array {
  const out = execFileSync(exe, [], {
    input: `${input.map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(17))).join("\n")}\n`,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const tokens = out.trim().split(/\s+/);
  return Float64Array.from(tokens, (t) => Number(t.replace(/[dD]/, "e")));
}
