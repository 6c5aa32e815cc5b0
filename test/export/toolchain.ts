import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findTool } from "../support/tools.js";

/**
 * The compilers the export tests run, found by test/support/tools.ts ($CC, $FC, else gcc and
 * gfortran; probed by running them). A suite that compiles uses `describe.skipIf(!gcc.ok)`: on a
 * bare machine it skips with the printed reason, under CI=true the probe throws.
 */
export const gcc = findTool("gcc");
export const gfortran = findTool("gfortran");

/** Writes files into dir, runs a compiler command there, returns the path of the executable. */
export function compile(
  dir: string,
  compiler: "gcc" | "gfortran",
  files: Record<string, string>,
  args: string[],
  exe: string,
): string {
  const tool = compiler === "gcc" ? gcc : gfortran;
  if (!tool.ok) throw new Error(`cannot compile: ${tool.reason}`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(tool.command, [...args, "-o", exe], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool.command} ${args.join(" ")} failed in ${dir}:\n${r.stderr}`);
  return join(dir, exe);
}

/**
 * Runs an executable with numbers on stdin, returns the whitespace-separated numbers it prints.
 * With no numbers nothing is written (a program that never reads stdin and exits at once would
 * otherwise race the write and fail the test with EPIPE).
 */
export function runNumbers(exe: string, input: number[]): Float64Array {
  const out = execFileSync(exe, [], {
    input:
      input.length === 0
        ? undefined
        : `${input.map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(17))).join("\n")}\n`,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const tokens = out.trim().split(/\s+/);
  return Float64Array.from(tokens, (t) => Number(t.replace(/[dD]/, "e")));
}
