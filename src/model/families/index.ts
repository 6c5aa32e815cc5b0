import type { ModelKind } from "../types.js";
import type { ModelFamily } from "./family.js";
import { miannFamily, potentialFamily, regressionFamily } from "./network-families.js";
import { polyconvexFamily } from "./polyconvex.js";

export type { ModelFamily, StabilityCheck } from "./family.js";
export { PolyconvexModel } from "./polyconvex-model.js";

/** Every model family, by kind: the code around a model asks its family instead of the kind. */
export const FAMILIES: Readonly<Record<ModelKind, ModelFamily>> = {
  miann: miannFamily,
  potential: potentialFamily,
  regression: regressionFamily,
  polyconvex: polyconvexFamily,
};

/** The family of a kind (undefined for an unknown kind). */
export function familyOf(kind: ModelKind): ModelFamily;
export function familyOf(kind: string): ModelFamily | undefined;
export function familyOf(kind: string): ModelFamily | undefined {
  return Object.hasOwn(FAMILIES, kind) ? FAMILIES[kind as ModelKind] : undefined;
}
