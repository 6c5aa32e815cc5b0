import { readFileSync } from "node:fs";
import { located, UserError } from "../util/errors.js";
import type { Mesh } from "./mesh.js";

/**
 * Reader for Gmsh's ASCII mesh format, version 4.1, restricted to what a membrane needs: nodes,
 * 3-node triangles (element type 2) and the physical groups of points, curves and surfaces, which
 * become named node sets (every node of the group's elements) and, for surfaces, element sets.
 * A group without a $PhysicalNames entry is named "physical <tag>". Points and lines (types 15, 1)
 * are read for the groups only; any other element type is refused. Everything malformed is one
 * UserError line "file:line:column: what was expected".
 */

const TYPE_NAMES: Record<number, string> = {
  3: "4-node quadrangle",
  4: "4-node tetrahedron",
  5: "8-node hexahedron",
  6: "6-node prism",
  7: "5-node pyramid",
  8: "3-node line",
  9: "6-node triangle",
  10: "9-node quadrangle",
  11: "10-node tetrahedron",
  16: "8-node quadrangle",
  20: "9-node triangle",
  21: "10-node triangle",
};
/** nodes per element for the types read here */
const NODES_PER_TYPE: Record<number, number> = { 15: 1, 1: 2, 2: 3 };

class LineReader {
  private readonly lines: string[];
  private index = 0;
  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  /** line number (1-based) of the last line returned */
  get line(): number {
    return this.index;
  }

  fail(message: string, column?: number): never {
    throw new UserError(located(this.file, this.index || 1, column, message));
  }

  /** the next non-empty line, trimmed at the right; fails at end of file with `context` */
  next(context: string): string {
    while (this.index < this.lines.length) {
      const text = this.lines[this.index++];
      if (text.trim() !== "") return text.trimEnd();
    }
    this.index = this.lines.length;
    return this.fail(`unexpected end of file: ${context}`);
  }

  done(): boolean {
    while (this.index < this.lines.length && this.lines[this.index].trim() === "") this.index++;
    return this.index >= this.lines.length;
  }

  /** whitespace-separated tokens with their 1-based columns */
  tokens(text: string): { value: string; column: number }[] {
    const out: { value: string; column: number }[] = [];
    const re = /\S+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push({ value: m[0], column: m.index + 1 });
    return out;
  }

  /** reads a line of numbers: exactly `count` (or at least `count` when `atLeast`) */
  numbers(what: string, count: number, options: { integer?: boolean; atLeast?: boolean } = {}): number[] {
    const text = this.next(`expected ${what}`);
    if (text.startsWith("$")) this.fail(`expected ${what}, found section marker ${text.trim()}`, 1);
    const toks = this.tokens(text);
    if (toks.length < count || (!options.atLeast && toks.length > count)) {
      this.fail(
        `expected ${what} (${count}${options.atLeast ? " or more" : ""} numbers), found ${toks.length}`,
        1,
      );
    }
    return toks.map((t) => {
      const v = Number(t.value);
      if (!Number.isFinite(v) || (options.integer && !Number.isInteger(v))) {
        this.fail(
          `expected ${options.integer ? "an integer" : "a number"} in ${what}, found '${t.value}'`,
          t.column,
        );
      }
      return v;
    });
  }

  /** expects the exact marker line */
  expect(marker: string): void {
    const text = this.next(`expected ${marker}`).trim();
    if (text !== marker) this.fail(`expected ${marker}, found '${text.slice(0, 40)}'`, 1);
  }
}

/** Reads a .msh file (Gmsh ASCII 4.1). */
export function readGmsh(path: string): Mesh {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UserError(
      `${path}: cannot read the mesh file (${(err as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  return parseGmsh(text, path);
}

/** Parses the text of a .msh file; `file` names it in error messages. */
export function parseGmsh(text: string, file = "<mesh>"): Mesh {
  const r: LineReader = new LineReader(file, text);
  const first = r.next("expected $MeshFormat (an empty file is not a Gmsh mesh)").trim();
  if (first !== "$MeshFormat")
    r.fail(`expected $MeshFormat on the first line (a Gmsh .msh file), found '${first.slice(0, 40)}'`, 1);
  const format = r.tokens(r.next("expected the format line '4.1 0 8'"));
  if (format.length < 3) r.fail("expected the format line 'version file-type data-size', e.g. '4.1 0 8'", 1);
  if (format[0].value !== "4.1") {
    r.fail(
      `unsupported Gmsh format version ${format[0].value}: expected 4.1 (in Gmsh: File > Export > Version 4 ASCII)`,
      format[0].column,
    );
  }
  if (format[1].value !== "0")
    r.fail("binary .msh files are not supported: expected file-type 0 (ASCII)", format[1].column);
  r.expect("$EndMeshFormat");

  const physicalNames = new Map<string, string>(); // "dim:tag" → name
  const entityPhysicals = new Map<string, number[]>(); // "dim:entityTag" → physical tags
  const nodeIndex = new Map<number, number>();
  const coords: number[] = [];
  const nodeTags: number[] = [];
  const nodeLines: number[] = [];
  const elementTags: number[] = [];
  const triangles: number[] = [];
  const groupNodes = new Map<string, Set<number>>(); // "dim:physTag" → node indices
  const groupElements = new Map<string, number[]>(); // "2:physTag" → triangle indices
  let sawNodes = false;
  let sawElements = false;

  while (!r.done()) {
    const header = r.next("expected a section").trim();
    if (!header.startsWith("$"))
      r.fail(`expected a section marker such as $Nodes, found '${header.slice(0, 40)}'`, 1);
    const name = header.slice(1);
    if (name === "PhysicalNames") {
      const [count] = r.numbers("the number of physical names", 1, { integer: true });
      for (let i = 0; i < count; i++) {
        const line = r.next("expected a physical name line 'dim tag \"name\"'");
        const m = /^\s*(\d+)\s+(-?\d+)\s+"([^"]*)"\s*$/.exec(line);
        if (!m) r.fail("expected a physical name line 'dim tag \"name\"'", 1);
        physicalNames.set(`${m[1]}:${m[2]}`, m[3]);
      }
      r.expect("$EndPhysicalNames");
    } else if (name === "Entities") {
      const counts = r.numbers("the entity counts 'points curves surfaces volumes'", 4, { integer: true });
      for (let dim = 0; dim < 4; dim++) {
        for (let i = 0; i < counts[dim]; i++) {
          const what =
            dim === 0
              ? "a point entity"
              : dim === 1
                ? "a curve entity"
                : dim === 2
                  ? "a surface entity"
                  : "a volume entity";
          const line = r.next(`expected ${what}`);
          const toks = r.tokens(line);
          const offset = dim === 0 ? 4 : 7; // tag + 3 or 6 coordinates
          if (toks.length <= offset) r.fail(`expected ${what} with its physical tags`, 1);
          const nPhys = Number(toks[offset].value);
          if (!Number.isInteger(nPhys) || nPhys < 0 || toks.length < offset + 1 + nPhys) {
            r.fail(
              `expected the number of physical tags of ${what}, found '${toks[offset].value}'`,
              toks[offset].column,
            );
          }
          const tags = toks.slice(offset + 1, offset + 1 + nPhys).map((t) => {
            const v = Number(t.value);
            if (!Number.isInteger(v))
              r.fail(`expected an integer physical tag, found '${t.value}'`, t.column);
            return Math.abs(v);
          });
          entityPhysicals.set(`${dim}:${toks[0].value}`, tags);
        }
      }
      r.expect("$EndEntities");
    } else if (name === "Nodes") {
      sawNodes = true;
      const [blocks] = r.numbers("'numEntityBlocks numNodes minNodeTag maxNodeTag'", 4, { integer: true });
      for (let b = 0; b < blocks; b++) {
        const [, , parametric, count] = r.numbers(
          "a node block header 'entityDim entityTag parametric numNodes'",
          4,
          {
            integer: true,
          },
        );
        const tags: number[] = [];
        for (let i = 0; i < count; i++) {
          const [tag] = r.numbers("a node tag", 1, { integer: true });
          if (nodeIndex.has(tag)) r.fail(`node tag ${tag} appears twice`, 1);
          tags.push(tag);
        }
        for (let i = 0; i < count; i++) {
          const xyz = r.numbers(`coordinates 'x y z' of node ${tags[i]}`, 3, { atLeast: parametric !== 0 });
          nodeIndex.set(tags[i], coords.length / 3);
          nodeTags.push(tags[i]);
          nodeLines.push(r.line);
          coords.push(xyz[0], xyz[1], xyz[2]);
        }
      }
      r.expect("$EndNodes");
    } else if (name === "Elements") {
      sawElements = true;
      if (!sawNodes) r.fail("expected $Nodes before $Elements", 1);
      const [blocks] = r.numbers("'numEntityBlocks numElements minElementTag maxElementTag'", 4, {
        integer: true,
      });
      for (let b = 0; b < blocks; b++) {
        const [dim, entity, type, count] = r.numbers(
          "an element block header 'entityDim entityTag elementType numElements'",
          4,
          { integer: true },
        );
        const perElement = NODES_PER_TYPE[type];
        if (perElement === undefined) {
          r.fail(
            `element type ${type}${TYPE_NAMES[type] ? ` (${TYPE_NAMES[type]})` : ""} is not supported: expected 3-node triangles (type 2), with points/lines (15, 1) for boundaries; mesh with 'gmsh -2 -order 1'`,
            1,
          );
        }
        const physicals = entityPhysicals.get(`${dim}:${entity}`) ?? [];
        for (let i = 0; i < count; i++) {
          const line = r.next(`expected ${count} elements of type ${type}`);
          const toks = r.tokens(line);
          if (toks[0]?.value.startsWith("$"))
            r.fail(`expected ${count} elements of type ${type}, found only ${i}`, 1);
          if (toks.length !== perElement + 1) {
            r.fail(`expected 'elementTag' and ${perElement} node tags, found ${toks.length} numbers`, 1);
          }
          const nodes = toks.slice(1).map((t) => {
            const tag = Number(t.value);
            const index = nodeIndex.get(tag);
            if (index === undefined)
              r.fail(`element refers to node ${t.value}, which is not in $Nodes`, t.column);
            return index;
          });
          if (type === 2) {
            if (nodes[0] === nodes[1] || nodes[1] === nodes[2] || nodes[0] === nodes[2]) {
              r.fail("triangle repeats a node (expected three distinct nodes)", 1);
            }
            for (const p of physicals) {
              const key = `2:${p}`;
              if (!groupElements.has(key)) groupElements.set(key, []);
              groupElements.get(key)!.push(triangles.length / 3);
            }
            triangles.push(...nodes);
            elementTags.push(Number(toks[0].value));
          }
          for (const p of physicals) {
            const key = `${dim}:${p}`;
            if (!groupNodes.has(key)) groupNodes.set(key, new Set());
            for (const n of nodes) groupNodes.get(key)!.add(n);
          }
        }
      }
      r.expect("$EndElements");
    } else {
      // skip sections a membrane does not need ($NodeData, $Periodic, …)
      for (;;) {
        const line = r.next(`expected $End${name}`).trim();
        if (line === `$End${name}`) break;
      }
    }
  }
  if (!sawNodes)
    throw new UserError(
      located(file, undefined, undefined, "no $Nodes section (expected a Gmsh 4.1 mesh with nodes)"),
    );
  if (!sawElements || triangles.length === 0) {
    throw new UserError(
      located(
        file,
        undefined,
        undefined,
        "no 3-node triangles (element type 2) found: expected a surface mesh",
      ),
    );
  }
  // a node in no triangle gets no mass: the explicit runs would divide by zero at the first step
  const inTriangle = new Uint8Array(nodeTags.length);
  for (const n of triangles) inTriangle[n] = 1;
  const stray = inTriangle.indexOf(0);
  if (stray >= 0) {
    throw new UserError(
      located(
        file,
        nodeLines[stray],
        undefined,
        `node ${nodeTags[stray]} belongs to no triangle; expected every node in a 3-node triangle (delete the stray point, or export with Gmsh's "Save all elements" off)`,
      ),
    );
  }
  const groupName = (key: string) => {
    const tag = key.split(":")[1];
    return physicalNames.get(key) ?? `physical ${tag}`;
  };
  const nodeSets = new Map<string, Int32Array>();
  for (const [key, set] of groupNodes)
    nodeSets.set(groupName(key), Int32Array.from([...set].sort((a, b) => a - b)));
  const elementSets = new Map<string, Int32Array>();
  for (const [key, list] of groupElements) elementSets.set(groupName(key), Int32Array.from(list));
  return {
    nodes: Float64Array.from(coords),
    triangles: Int32Array.from(triangles),
    nodeSets,
    elementSets,
    source: file,
    nodeTags: Int32Array.from(nodeTags),
    elementTags: Int32Array.from(elementTags),
  };
}
