import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchDir } from "../support/scratch.js";

// The README's library example must run as written, as a user's program importing "miann".
const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("## Library API"));
const example = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
// the other library snippets (loadModel, createKernels): TypeScript blocks that import "miann"
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => code.includes('from "miann"'));
const dir = scratchDir("readme-");

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

  it("type-checks under tsc --strict as a TypeScript program", () => {
    // the same user project (node_modules/miann → this package), the example as a .ts file
    const ts = join(dir, "ts");
    mkdirSync(join(ts, "node_modules"), { recursive: true });
    symlinkSync(resolve("."), join(ts, "node_modules", "miann"), "dir");
    writeFileSync(join(ts, "example.ts"), example);
    for (const [i, code] of snippets.entries()) writeFileSync(join(ts, `snippet${i}.ts`), code);
    writeFileSync(join(ts, "package.json"), '{ "type": "module" }\n');
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        skipLibCheck: true,
        typeRoots: [resolve("node_modules/@types")],
        types: ["node"],
      },
      files: ["example.ts", ...snippets.map((_, i) => `snippet${i}.ts`)],
    };
    writeFileSync(join(ts, "tsconfig.json"), JSON.stringify(config));
    const tsc = resolve("node_modules/typescript/bin/tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: ts, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("the loadModel and createKernels snippets run as written after it", () => {
    expect(snippets.map((c) => /import \{([^}]*)\}/.exec(c)?.[1].trim())).toEqual([
      "loadModel",
      "createKernels, initialParameters, parameterLayout",
    ]);
    const tsx = resolve("node_modules/tsx/dist/cli.mjs");
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n'); // miann is an ES module
    const outputs = snippets.map((code, i) => {
      writeFileSync(join(dir, `snippet${i}.ts`), code);
      const r = spawnSync(process.execPath, [tsx, `snippet${i}.ts`], { cwd: dir, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return r.stdout;
    });
    // loadModel: the name and test errors the first example saved, and a finite stress
    expect(outputs[0]).toMatch(/^fabric \[[^\]]+\] Float64Array\(3\) \[/);
    expect(outputs[1]).toMatch(/^loss \d+(\.\d+)?(e[+-]?\d+)?\n$/);
  });
});
