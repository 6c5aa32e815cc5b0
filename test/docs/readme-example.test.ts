import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The README's library example must run as written, as a user's program importing "miann".
const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("## Library API"));
const example = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
const dir = mkdtempSync(join(tmpdir(), "miann-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README: Library API example", () => {
  it("runs as written, trains to under 2% RMSE/σ, matches the fabric law and passes the checks", () => {
    expect(example).toContain('from "miann"');
    // a user's project with miann installed: node_modules/miann → this package
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(resolve("."), join(dir, "node_modules", "miann"), "dir");
    writeFileSync(join(dir, "example.mjs"), example);
    const r = spawnSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rmse = /test RMSE\/σ per component: \[([^\]]*)\]/.exec(r.stdout)?.[1].split(",").map(Number);
    expect(rmse).toHaveLength(3);
    for (const e of rmse ?? []) expect(e).toBeLessThan(0.02);
    // the printed stress is within 2% of the reference law at that strain
    const nums = (label: string) =>
      (new RegExp(`${label}[^\\[]*\\[([^\\]]*)\\]`).exec(r.stdout.replace(/\n/g, " "))?.[1] ?? "")
        .split(",")
        .map(Number);
    const model = nums("S =");
    const law = nums("fabric law:");
    expect(model).toHaveLength(3);
    for (let k = 0; k < 2; k++) expect(Math.abs(model[k] - law[k]) / Math.abs(law[k])).toBeLessThan(0.02);
    expect(r.stdout).toContain("guarantees hold: true");
    expect(existsSync(join(dir, "fabric-model.json"))).toBe(true);
  });
});
