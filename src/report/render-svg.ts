import * as vega from "vega";
import { expressionInterpreter } from "vega-interpreter";
import { compile, type TopLevelSpec } from "vega-lite";

/** The font every figure uses: a generic family, so the SVG renders offline in any browser. */
export const FIGURE_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/**
 * Compiles a Vega-Lite specification and renders it to an SVG string, headless (no DOM, no
 * network: the specification must carry its data inline). Vega's expressions are interpreted
 * (vega-interpreter) instead of compiled with Function(), so this runs the same in Node and in a
 * page whose Content-Security-Policy forbids eval (the browser playground).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec, { logger: quietLogger }).spec;
  const view = new vega.View(vega.parse(compiled, undefined, { ast: true }), {
    renderer: "none",
    logLevel: vega.Error,
    expr: expressionInterpreter,
  });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Vega-Lite's warnings (e.g. merged legends) are not for the user; errors still throw. */
const quietLogger = vega.logger(vega.None);
quietLogger.error = (...args: readonly unknown[]) => {
  throw new Error(args.map(String).join(" "));
};

/**
 * Shrinks vega's SVG: coordinates in path data and transforms rounded to 0.01 px (invisible at any
 * zoom a report is read at), and a factor 2–3 smaller for dense scatter and heat-map figures.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_m, name: string, value: string) => {
    const rounded = value.replace(/-?\d+\.\d{3,}/g, (num) => {
      const r = Math.round(Number(num) * 100) / 100;
      return Object.is(r, -0) ? "0" : String(r);
    });
    return ` ${name}="${rounded}"`;
  });
}

/**
 * Prefixes every id an SVG defines (clip paths, gradients) and every reference to one, so that
 * many SVGs inlined in one HTML page cannot pick up each other's definitions.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/ id="([^"]+)"/g, (_m, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}${id}"`);
}
