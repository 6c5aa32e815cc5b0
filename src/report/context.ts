import type { Material } from "../core/material.js";
import type { Dataset } from "../data/dataset.js";
import type { StabilityCheck } from "../model/families/family.js";

/** A material drawn in the report: the data's reference law or one of the models. */
export interface PlotSeries {
  /** legend label, unique within the report */
  label: string;
  material: Material;
  reference: boolean;
  /**
   * how the stability map measures this material (its family's C3): the tangent's smallest
   * eigenvalue (default) or the acoustic tensor's (ellipticity)
   */
  stability?: StabilityCheck;
}

/** What every figure builder needs to know about the report being made. */
export interface ReportContext {
  /** Voigt dimension shared by all models and the data */
  dim: number;
  /** reference law first (when known), then the models in the order given */
  series: PlotSeries[];
  data?: Dataset;
  strainNames: string[];
  stressNames: string[];
  stressUnit: string;
  energyUnit: string;
  /** per strain component: the largest |x_k| in the data (or the model's strain scale without data) */
  amplitude: number[];
  /** per strain component: the interval the energy maps cover (the data's, widened a little) */
  range: [number, number][];
  /** per strain component: the wider interval the stability maps cover (3× the data's amplitude) */
  wideRange: [number, number][];
}
