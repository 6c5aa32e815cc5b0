import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMaterial } from "../../src/data/materials/index.js";
import { runTranslate } from "../../src/fe/experiments/translate.js";
import { parseGmsh, readGmsh } from "../../src/fe/gmsh.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";
import { SQUARE } from "./gmsh-fixture.js";

function errorOf(text: string): string {
  try {
    parseGmsh(text, "bad.msh");
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected the reader to refuse the file");
}

describe("Gmsh 4.1 reader", () => {
  it("reads nodes, triangles and physical groups (sparse node tags)", () => {
    const dir = scratchDir("gmsh-");
    const path = join(dir, "square.msh");
    writeFileSync(path, SQUARE);
    const mesh = readGmsh(path);
    expect([...mesh.nodes]).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0]);
    expect([...mesh.triangles]).toEqual([0, 2, 3, 0, 3, 1]);
    expect([...mesh.nodeSets.get("left")!]).toEqual([0, 1]);
    expect([...mesh.elementSets.get("cloth")!]).toEqual([0, 1]);
    expect([...mesh.nodeSets.get("cloth")!]).toEqual([0, 1, 2, 3]);
  });

  it("rejects malformed files with one line naming file, line and what was expected", () => {
    expect(errorOf("hello\n")).toBe(
      "bad.msh:1:1: expected $MeshFormat on the first line (a Gmsh .msh file), found 'hello'",
    );
    expect(errorOf(SQUARE.replace("4.1 0 8", "2.2 0 8"))).toMatch(
      /^bad\.msh:2:1: unsupported Gmsh format version 2\.2: expected 4\.1/,
    );
    expect(errorOf(SQUARE.replace("4.1 0 8", "4.1 1 8"))).toMatch(
      /^bad\.msh:2:5: binary \.msh files are not supported/,
    );
    expect(errorOf(SQUARE.replace("1 1 0\n$EndNodes", "1 x 0\n$EndNodes"))).toBe(
      "bad.msh:25:3: expected a number in coordinates 'x y z' of node 40, found 'x'",
    );
    expect(errorOf(SQUARE.replace("3 10 40 20", "3 10 40 99"))).toBe(
      "bad.msh:33:9: element refers to node 99, which is not in $Nodes",
    );
    expect(errorOf(SQUARE.replace("2 1 2 2", "2 1 9 2"))).toMatch(
      /^bad\.msh:31:1: element type 9 \(6-node triangle\) is not supported/,
    );
    expect(errorOf(SQUARE.replace("$EndElements\n", ""))).toBe(
      "bad.msh:34: unexpected end of file: expected $EndElements",
    );
    expect(
      errorOf(SQUARE.replace("2 1 2 2\n2 10 30 40\n3 10 40 20\n", "2 1 2 3\n2 10 30 40\n3 10 40 20\n")),
    ).toMatch(/^bad\.msh:34:1: expected 3 elements of type 2, found only 2/);
    expect(errorOf(SQUARE.replace(/\$Elements[\s\S]*\$EndElements\n/, ""))).toBe(
      "bad.msh: no 3-node triangles (element type 2) found: expected a surface mesh",
    );
  });

  it("names an unreadable file", () => {
    expect(() => readGmsh("/nonexistent/mesh.msh")).toThrow(
      /^\/nonexistent\/mesh\.msh: cannot read the mesh file \(ENOENT\)$/,
    );
  });

  it("a Gmsh mesh runs through the solver: free rigid translation of the square", () => {
    const mesh = parseGmsh(SQUARE, "square.msh");
    const r = runTranslate({ mesh, material: createMaterial("fabric"), duration: 0.01 });
    expect(r.completed).toBe(true);
    expect(r.kinetic0).toBeCloseTo(0.5 * 0.2 * 1 * (1 + 0.25 + 0.0625), 14);
    expect(r.kineticDrift).toBe(0);
    expect(r.maxStress).toBe(0);
  });
});
