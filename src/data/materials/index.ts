import type { Material } from "../../core/material.js";
import { UserError } from "../../util/errors.js";
import { Fabric } from "./fabric.js";
import { Fibre } from "./fibre.js";
import {
  GentMembrane,
  MooneyRivlinMembrane,
  OgdenMembrane,
  YeohMembrane,
} from "./incompressible-membrane.js";
import type { MaterialInfo, PointwiseLaw } from "./law.js";
import { NeoHookean } from "./neohookean.js";
import { NeoHookeanAbaqus } from "./neohookean-abaqus.js";
import { NeoHookeanMembrane } from "./neohookean-membrane.js";
import { Svk } from "./svk.js";
import { SvkMembrane } from "./svk-membrane.js";

export type { MaterialInfo, ParameterInfo } from "./law.js";
export { PlaneStress, planeStress } from "./plane-stress.js";
export {
  Fabric,
  Fibre,
  GentMembrane,
  MooneyRivlinMembrane,
  NeoHookean,
  NeoHookeanAbaqus,
  NeoHookeanMembrane,
  OgdenMembrane,
  Svk,
  SvkMembrane,
  YeohMembrane,
};

interface LawEntry {
  create(params: Record<string, unknown>): PointwiseLaw;
  info(): MaterialInfo;
}

/** the reference laws by name; "fabric" first (the default of the data generator and the demo) */
const LAWS: Record<string, LawEntry> = {
  fabric: { create: (p) => new Fabric(p), info: Fabric.info },
  "svk-membrane": { create: (p) => new SvkMembrane(p), info: SvkMembrane.info },
  "neohookean-membrane": { create: (p) => new NeoHookeanMembrane(p), info: NeoHookeanMembrane.info },
  svk: { create: (p) => new Svk(p), info: Svk.info },
  neohookean: { create: (p) => new NeoHookean(p), info: NeoHookean.info },
  "neohookean-abaqus": { create: (p) => new NeoHookeanAbaqus(p), info: NeoHookeanAbaqus.info },
  fibre: { create: (p) => new Fibre(p), info: Fibre.info },
  "ogden-membrane": { create: (p) => new OgdenMembrane(p), info: OgdenMembrane.info },
  "mooney-rivlin-membrane": { create: (p) => new MooneyRivlinMembrane(p), info: MooneyRivlinMembrane.info },
  "yeoh-membrane": { create: (p) => new YeohMembrane(p), info: YeohMembrane.info },
  "gent-membrane": { create: (p) => new GentMembrane(p), info: GentMembrane.info },
};

/** names of the reference laws, the default ("fabric") first */
export function materialNames(): string[] {
  return Object.keys(LAWS);
}

function entry(name: string): LawEntry {
  const law = Object.hasOwn(LAWS, name) ? LAWS[name] : undefined;
  if (!law) throw new UserError(`unknown material '${name}'; expected one of ${materialNames().join(", ")}`);
  return law;
}

/**
 * A reference law by name, with its documented default parameters unless `params` overrides some
 * (names as listed by materialInfo(name).parameters). UserError on an unknown name or parameter.
 */
export function createMaterial(name: string, params: Record<string, unknown> = {}): Material {
  return entry(name).create(params);
}

/** description, parameters with units and the plausible strain range of a reference law */
export function materialInfo(name: string): MaterialInfo {
  return entry(name).info();
}
