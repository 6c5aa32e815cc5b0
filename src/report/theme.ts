import type { Config } from "vega-lite";
import { FIGURE_FONT } from "./render-svg.js";

/**
 * Okabe–Ito colours (distinguishable under the common colour-vision deficiencies), in the order
 * series are coloured: the reference law is always black, models take the others in turn.
 */
export const REFERENCE_COLOUR = "#000000";
export const SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

/** Sequential scheme for energies (perceptually uniform, colour-blind safe). */
export const ENERGY_SCHEME = "viridis";
/** Diverging scheme for signed quantities centred at 0 (negative = red, positive = blue). */
export const SIGNED_SCHEME = "redblue";

/** The shared look of every figure: offline font, readable sizes, no chart border. */
export const FIGURE_CONFIG: Config = {
  font: FIGURE_FONT,
  view: { stroke: "#bbb" },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", grid: true, gridColor: "#eee" },
  // labelLimit 0: a label is never cut ("reference (neohoo…" hid which law is drawn)
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", orient: "right", labelLimit: 0 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, fontWeight: "normal", anchor: "start" },
  background: "white",
  // no per-mark ARIA labels: they would double the size of dense figures; each figure has a caption
  aria: false,
};

/** Colour scale for a list of series names (the reference first when present). */
export function seriesScale(names: string[], referenceName?: string): { domain: string[]; range: string[] } {
  const range: string[] = [];
  let k = 0;
  for (const name of names) {
    range.push(name === referenceName ? REFERENCE_COLOUR : SERIES_COLOURS[k++ % SERIES_COLOURS.length]);
  }
  return { domain: names, range };
}
