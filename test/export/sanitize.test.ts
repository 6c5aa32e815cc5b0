import { describe, expect, it } from "vitest";
import { generateAbaqusUmat } from "../../src/export/abaqus-umat.js";
import { bakeNetwork } from "../../src/export/baked-network.js";
import { generateC } from "../../src/export/c-source.js";
import { generateCalculixUmat } from "../../src/export/calculix-umat.js";
import { checkPrefix, safeText } from "../../src/export/identifier.js";
import { provenanceOf } from "../../src/export/provenance.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";
import { cHarness } from "./c-harness.js";
import { fixtureModel, fixturePaths, readFixture } from "./fixture-model.js";
import { compile, gcc } from "./toolchain.js";

const hostileNames = [
  'x */ #include <evil> "\n     &',
  "a\r\n#define double float\n/*",
  "C   \n      STOP\n     &   '",
  "\u0000\u202e'); DROP TABLE --",
  "",
  "é".repeat(500),
];

describe("untrusted model names", () => {
  const solid = readFixture(fixturePaths.solid);
  const plain = fixtureModel(solid, { name: "plain" });
  const generators = {
    c: (m: typeof plain) => {
      const { source, header } = generateC(bakeNetwork(m), provenanceOf(m), "mat");
      return `${source}\n${header}`;
    },
    calculix: (m: typeof plain) => generateCalculixUmat(bakeNetwork(m), provenanceOf(m), "mat"),
    abaqus: (m: typeof plain) => generateAbaqusUmat(bakeNetwork(m), provenanceOf(m), "mat"),
  };

  for (const [target, generate] of Object.entries(generators)) {
    it(`change only the sanitised name line of the ${target} export`, () => {
      const reference = generate(plain).split("\n");
      for (const name of hostileNames) {
        const lines = generate({ ...plain, name }).split("\n");
        expect(lines.length).toBe(reference.length);
        const differing = lines.filter((l, i) => l !== reference[i]);
        expect(differing.length).toBeLessThanOrEqual(target === "c" ? 2 : 1);
        for (const l of differing) expect(l).toMatch(/^(C| \*) model name: [A-Za-z0-9_]{1,40}$/);
      }
    });
  }

  it.skipIf(!gcc.ok)("compile unchanged: the C with a hostile name builds with -Werror", () => {
    const m = { ...plain, name: hostileNames[0] };
    const { source, header } = generateC(bakeNetwork(m), provenanceOf(m), "mat");
    expect(() =>
      compile(
        scratchDir("export-"),
        "gcc",
        { "material.c": source, "material.h": header, "main.c": cHarness("mat", 6) },
        ["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "material.c", "main.c", "-lm"],
        "run",
      ),
    ).not.toThrow();
  });

  it("reduce text to [A-Za-z0-9_] of bounded length, and reject unusable prefixes", () => {
    expect(safeText('x */ #include <evil> "')).toBe("x_____include__evil___");
    expect(safeText("")).toBe("unnamed");
    expect(safeText("a".repeat(100)).length).toBe(40);
    expect(checkPrefix("rubber_2")).toBe("rubber_2");
    for (const bad of ["", "2abc", "a-b", "a b", "x".repeat(17), "a\n"]) {
      expect(() => checkPrefix(bad)).toThrow(UserError);
    }
  });
});
