/**
 * CalculiX input decks for the verification: one C3D8 element, the unit cube, under three
 * homogeneous large deformations, each with a material block given by the caller.
 *   uniaxial: symmetry on x = 0, y = 0, z = 0; u_x = stretch − 1 on x = 1; lateral faces free
 *   biaxial:  symmetry as above; u_x = u_y = stretch − 1 on x = 1 and y = 1; z = 1 free
 *   shear:    every node prescribed, u_x = γ·y (simple shear, F = I + γ e_x⊗e_y)
 * and a fourth kind, `prescribedDeck`, where every node follows a given homogeneous F, so that the
 * solver's stress must equal the material's at exactly that F.
 */

export type LoadCase = "uniaxial" | "biaxial" | "shear";

export const nodes: [number, number, number][] = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
];

/** the material card lines for the three kinds of run */
export function materialBlock(kind: "neohooke" | "user" | "abaqusnl", c10: number, d1: number): string {
  switch (kind) {
    case "neohooke":
      return `*MATERIAL, NAME=NH\n*HYPERELASTIC, NEO HOOKE\n${short(c10)}, ${short(d1)}\n`;
    case "user":
      return "*MATERIAL, NAME=USERMIANN\n*USER MATERIAL, CONSTANTS=1\n0.\n";
    case "abaqusnl":
      return "*MATERIAL, NAME=ABAQUSNLMIANN\n*USER MATERIAL, CONSTANTS=1\n0.\n";
  }
}

/** CalculiX reads at most 20 characters per field */
function short(x: number): string {
  return x.toPrecision(12).replace(/\.?0+e/, "e");
}

export function materialName(kind: "neohooke" | "user" | "abaqusnl"): string {
  return { neohooke: "NH", user: "USERMIANN", abaqusnl: "ABAQUSNLMIANN" }[kind];
}

export function deck(loadCase: LoadCase, amount: number, material: string, materialName: string): string {
  const lines: string[] = ["*HEADING", `miann verification: ${loadCase}`, "*NODE, NSET=NALL"];
  nodes.forEach(([x, y, z], i) => {
    lines.push(`${i + 1}, ${x}, ${y}, ${z}`);
  });
  lines.push("*ELEMENT, TYPE=C3D8, ELSET=EALL", "1, 1, 2, 3, 4, 5, 6, 7, 8");
  const set = (name: string, pred: (p: [number, number, number]) => boolean) => {
    const ids = nodes.flatMap((p, i) => (pred(p) ? [i + 1] : []));
    lines.push(`*NSET, NSET=${name}`, ids.join(", "));
  };
  set("X0", (p) => p[0] === 0);
  set("X1", (p) => p[0] === 1);
  set("Y0", (p) => p[1] === 0);
  set("Y1", (p) => p[1] === 1);
  set("Z0", (p) => p[2] === 0);
  lines.push(material.trimEnd(), `*SOLID SECTION, ELSET=EALL, MATERIAL=${materialName}`);
  if (loadCase !== "shear") lines.push("*BOUNDARY", "X0, 1, 1", "Y0, 2, 2", "Z0, 3, 3");
  lines.push("*STEP, NLGEOM, INC=1000", "*STATIC", "0.05, 1.0, 1e-6, 0.1", "*BOUNDARY");
  if (loadCase === "uniaxial") lines.push(`X1, 1, 1, ${amount}`);
  if (loadCase === "biaxial") lines.push(`X1, 1, 1, ${amount}`, `Y1, 2, 2, ${amount}`);
  if (loadCase === "shear") {
    nodes.forEach(([, y], i) => {
      lines.push(`${i + 1}, 1, 1, ${amount * y}`, `${i + 1}, 2, 3, 0.`);
    });
  }
  lines.push("*NODE PRINT, NSET=NALL", "U", "*EL PRINT, ELSET=EALL", "S", "*END STEP");
  return `${lines.join("\n")}\n`;
}

/**
 * every node prescribed: u = (F − I) X, F row-major 3×3; with `axes` (row-major, columns = the
 * local material axes in global components) the section gets that *ORIENTATION
 */
export function prescribedDeck(F: number[], material: string, materialName: string, axes?: number[]): string {
  const lines: string[] = ["*HEADING", "miann verification: prescribed homogeneous F", "*NODE, NSET=NALL"];
  nodes.forEach(([x, y, z], i) => {
    lines.push(`${i + 1}, ${x}, ${y}, ${z}`);
  });
  lines.push("*ELEMENT, TYPE=C3D8, ELSET=EALL", "1, 1, 2, 3, 4, 5, 6, 7, 8");
  lines.push(material.trimEnd());
  if (axes) {
    // local x axis through point a, local x-y plane through point b (columns of the axes matrix)
    const a = [axes[0], axes[3], axes[6]];
    const b = [axes[1], axes[4], axes[7]];
    lines.push(
      "*ORIENTATION, NAME=MAT, SYSTEM=RECTANGULAR",
      [...a, ...b].map((v) => v.toPrecision(15)).join(", "),
    );
    lines.push(`*SOLID SECTION, ELSET=EALL, MATERIAL=${materialName}, ORIENTATION=MAT`);
  } else {
    lines.push(`*SOLID SECTION, ELSET=EALL, MATERIAL=${materialName}`);
  }
  lines.push("*STEP, NLGEOM, INC=1000", "*STATIC", "0.05, 1.0, 1e-6, 0.1", "*BOUNDARY");
  nodes.forEach((X, i) => {
    for (let a = 0; a < 3; a++) {
      let u = -X[a];
      for (let b = 0; b < 3; b++) u += F[a * 3 + b] * X[b];
      lines.push(`${i + 1}, ${a + 1}, ${a + 1}, ${u.toPrecision(15)}`);
    }
  });
  // GLOBAL=YES: with an orientation CalculiX would print local components by default
  lines.push("*EL PRINT, ELSET=EALL, GLOBAL=YES", "S", "*NODE PRINT, NSET=NALL", "U", "*END STEP");
  return `${lines.join("\n")}\n`;
}

/** The last displacement and stress blocks of a .dat file. */
export interface DatResult {
  /** node → [ux, uy, uz] */
  displacement: Map<number, number[]>;
  /** integration-point Cauchy stresses [sxx, syy, szz, sxy, sxz, syz], averaged over the element */
  stress: number[];
  /** time of the last block (1 when the step completed) */
  time: number;
}

export function parseDat(text: string): DatResult {
  const blocks = text.split(/\n\s*(?=displacements|stresses)/);
  let displacement = new Map<number, number[]>();
  let stress: number[] = [];
  let time = 0;
  for (const block of blocks) {
    const head = block.trimStart();
    const t = /time\s+([-+0-9.E]+)/.exec(head);
    const rows = head
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .map((l) => l.split(/\s+/).map(Number));
    if (head.startsWith("displacements")) {
      displacement = new Map(rows.map((r) => [r[0], r.slice(1, 4)]));
      time = t ? Number(t[1]) : 0;
    } else if (head.startsWith("stresses")) {
      const sum = [0, 0, 0, 0, 0, 0];
      for (const r of rows) for (let k = 0; k < 6; k++) sum[k] += r[2 + k];
      stress = sum.map((v) => v / Math.max(rows.length, 1));
    }
  }
  return { displacement, stress, time };
}
