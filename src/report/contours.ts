/** One straight piece of an iso-line, in data coordinates. */
export interface ContourSegment {
  x: number;
  y: number;
  x2: number;
  y2: number;
  level: number;
}

/**
 * Iso-lines of a scalar field sampled on a regular grid, by marching squares with linear
 * interpolation along cell edges. `values[j * nx + i]` is the field at (xs[i], ys[j]). Ambiguous
 * saddle cells are split by the cell-centre average. Non-finite corners skip the cell.
 */
export function contourSegments(
  values: ArrayLike<number>,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  levels: readonly number[],
): ContourSegment[] {
  const nx = xs.length;
  const ny = ys.length;
  const out: ContourSegment[] = [];
  const px = [0, 0, 0, 0];
  const py = [0, 0, 0, 0];
  for (const level of levels) {
    for (let j = 0; j + 1 < ny; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        // corners counter-clockwise: 0 (i,j), 1 (i+1,j), 2 (i+1,j+1), 3 (i,j+1)
        const v0 = values[j * nx + i];
        const v1 = values[j * nx + i + 1];
        const v2 = values[(j + 1) * nx + i + 1];
        const v3 = values[(j + 1) * nx + i];
        if (!(Number.isFinite(v0) && Number.isFinite(v1) && Number.isFinite(v2) && Number.isFinite(v3)))
          continue;
        const x0 = xs[i];
        const x1 = xs[i + 1];
        const y0 = ys[j];
        const y1 = ys[j + 1];
        // crossing points on the four edges: 0 bottom (0-1), 1 right (1-2), 2 top (3-2), 3 left (0-3)
        let m = 0;
        const crossing = (
          k: number,
          ax: number,
          ay: number,
          av: number,
          bx: number,
          by: number,
          bv: number,
        ) => {
          if (av < level === bv < level) return false;
          const t = (level - av) / (bv - av);
          px[k] = ax + t * (bx - ax);
          py[k] = ay + t * (by - ay);
          m++;
          return true;
        };
        const e0 = crossing(0, x0, y0, v0, x1, y0, v1);
        const e1 = crossing(1, x1, y0, v1, x1, y1, v2);
        const e2 = crossing(2, x0, y1, v3, x1, y1, v2);
        const e3 = crossing(3, x0, y0, v0, x0, y1, v3);
        if (m === 2) {
          const ks = [e0, e1, e2, e3].flatMap((e, k) => (e ? [k] : []));
          out.push({ x: px[ks[0]], y: py[ks[0]], x2: px[ks[1]], y2: py[ks[1]], level });
        } else if (m === 4) {
          // saddle: pair the edges so the centre value's side stays connected
          const centreAbove = (v0 + v1 + v2 + v3) / 4 >= level;
          const v0Above = v0 >= level;
          if (centreAbove === v0Above) {
            out.push({ x: px[0], y: py[0], x2: px[1], y2: py[1], level });
            out.push({ x: px[2], y: py[2], x2: px[3], y2: py[3], level });
          } else {
            out.push({ x: px[0], y: py[0], x2: px[3], y2: py[3], level });
            out.push({ x: px[1], y: py[1], x2: px[2], y2: py[2], level });
          }
        }
      }
    }
  }
  return out;
}
