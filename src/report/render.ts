import { Resvg } from "@resvg/resvg-js";

export { compactSvg, FIGURE_FONT, renderSvg, scopeSvgIds } from "./render-svg.js";

/**
 * Rasterises an SVG string to PNG with resvg, using the fonts installed on the system (text in
 * the figures uses a sans-serif family; DejaVu Sans is the fallback when it exists).
 */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
