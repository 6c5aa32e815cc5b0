import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Every pointer into docs/theory.md (README, help texts, diagnostics, comments, tests) must name a
// section that exists, and nothing a user has may point to the internal design notes.
const theory = readFileSync("docs/theory.md", "utf8");
const headings = [...theory.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].trim());
/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens */
const anchor = (h: string) =>
  h
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : files(path);
    return /\.(ts|mjs|py|sh|md)$/.test(name) ? [path] : [];
  });
}
const sources = ["README.md", ...["src", "test", "bench", "scripts"].flatMap(files)];

describe("docs/theory.md citations", () => {
  it("name sections that exist, by title or by anchor", () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of sources) {
      // join wrapped lines: comment continuations and help strings split across lines
      const text = readFileSync(file, "utf8")
        .replace(/(\\n)?['"] \+\s*\n\s*['"]/g, " ")
        .replace(/\s*\n\s*(\*\s|\/\/\s)?/g, " ");
      for (const m of text.matchAll(/docs\/theory\.md, sections? ((?:["'][^"']+["'](?: and )?)+)/g)) {
        for (const name of m[1].matchAll(/["']([^"']+)["']/g)) {
          count++;
          if (!headings.includes(name[1])) missing.push(`${file}: "${name[1]}"`);
        }
      }
      for (const m of text.matchAll(/docs\/theory\.md#([a-z0-9-]+)/g)) {
        count++;
        if (!headings.some((h) => anchor(h) === m[1])) missing.push(`${file}: #${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(count).toBeGreaterThan(40);
  });

  it("replace every citation of the internal design notes", () => {
    const notes = `DESIG${"N"}.md`; // spelled apart so this file does not cite them itself
    const cited = sources.filter((f) => readFileSync(f, "utf8").includes(notes));
    expect(cited).toEqual([]);
  });

  it("keep the sections other parts of the project extend", () => {
    for (const h of [
      "The model",
      "Scaling",
      "The guarantees and how check tests them",
      "The loss",
      "The derivatives",
      "The training trap of the quadratic term",
      "Laboratory tests: kinematics",
      "The polyconvex family",
    ]) {
      expect(headings).toContain(h);
    }
  });
});
