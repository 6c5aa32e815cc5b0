import { basename } from "node:path";
import { writeFileAtomic } from "../util/atomic.js";
import type { Mesh } from "./mesh.js";

/**
 * ParaView output: one VTK UnstructuredGrid (.vtu, ASCII XML) per saved step, and a .pvd
 * collection that lists them with their times. Points are the reference coordinates; the
 * displacement is a point field, so ParaView's "Warp By Vector" shows the deformed shape.
 */
export interface VtuFields {
  /** point vectors, nodes × 3 */
  pointVectors?: Record<string, Float64Array>;
  /** cell data with `components` values per element */
  cellData?: Record<string, { values: Float64Array; components: number }>;
}

function numbers(values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(String(values[i]));
  return parts.join(" ");
}

/** Writes one .vtu file (atomic). */
export function writeVtu(path: string, mesh: Mesh, fields: VtuFields): void {
  const nn = mesh.nodes.length / 3;
  const ne = mesh.triangles.length / 3;
  const offsets = new Int32Array(ne);
  for (let e = 0; e < ne; e++) offsets[e] = 3 * (e + 1);
  const lines: string[] = [
    '<?xml version="1.0"?>',
    '<VTKFile type="UnstructuredGrid" version="0.1" byte_order="LittleEndian">',
    "<UnstructuredGrid>",
    `<Piece NumberOfPoints="${nn}" NumberOfCells="${ne}">`,
    "<Points>",
    `<DataArray type="Float64" NumberOfComponents="3" format="ascii">${numbers(mesh.nodes)}</DataArray>`,
    "</Points>",
    "<Cells>",
    `<DataArray type="Int32" Name="connectivity" format="ascii">${numbers(mesh.triangles)}</DataArray>`,
    `<DataArray type="Int32" Name="offsets" format="ascii">${numbers(offsets)}</DataArray>`,
    `<DataArray type="UInt8" Name="types" format="ascii">${numbers(new Uint8Array(ne).fill(5))}</DataArray>`,
    "</Cells>",
    "<PointData>",
  ];
  for (const [name, values] of Object.entries(fields.pointVectors ?? {})) {
    lines.push(
      `<DataArray type="Float64" Name="${name}" NumberOfComponents="3" format="ascii">${numbers(values)}</DataArray>`,
    );
  }
  lines.push("</PointData>", "<CellData>");
  for (const [name, { values, components }] of Object.entries(fields.cellData ?? {})) {
    lines.push(
      `<DataArray type="Float64" Name="${name}" NumberOfComponents="${components}" format="ascii">${numbers(values)}</DataArray>`,
    );
  }
  lines.push("</CellData>", "</Piece>", "</UnstructuredGrid>", "</VTKFile>", "");
  writeFileAtomic(path, lines.join("\n"));
}

/** Writes the .pvd collection referencing the step files (paths relative to the .pvd). */
export function writePvd(path: string, entries: { time: number; file: string }[]): void {
  const lines = [
    '<?xml version="1.0"?>',
    '<VTKFile type="Collection" version="0.1" byte_order="LittleEndian">',
    "<Collection>",
    ...entries.map((e) => `<DataSet timestep="${e.time}" group="" part="0" file="${basename(e.file)}"/>`),
    "</Collection>",
    "</VTKFile>",
    "",
  ];
  writeFileAtomic(path, lines.join("\n"));
}
