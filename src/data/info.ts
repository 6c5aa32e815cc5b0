import type { Dataset } from "./dataset.js";
import { voigtNames } from "./generate.js";
import { minEigenvalueOfC } from "./measures.js";

export interface ColumnSummary {
  name: string;
  min: number;
  max: number;
  mean: number;
  /** population standard deviation (the σ of the loss, DESIGN.md §1) */
  std: number;
}

export interface DatasetInfo {
  n: number;
  dim: number;
  source?: string;
  material?: string;
  strain: ColumnSummary[];
  stress: ColumnSummary[];
  /** σ_k per stress component (= stress[k].std) */
  sigma: number[];
  /**
   * min eig(2E + I) over the rows and how many rows have it ≤ 0 (not a real deformation); absent
   * when d is neither 3 nor 6
   */
  admissibility?: { minEigenvalue: number; inadmissibleRows: number; firstInadmissibleRow?: number };
}

function summarize(values: Float64Array, n: number, d: number, k: number, name: string): ColumnSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let p = 0; p < n; p++) {
    const v = values[p * d + k];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let p = 0; p < n; p++) ss += (values[p * d + k] - mean) ** 2;
  return { name, min, max, mean, std: Math.sqrt(ss / n) };
}

/** counts, ranges, σ per stress component and admissibility of a dataset */
export function datasetInfo(ds: Dataset): DatasetInfo {
  const { n, dim: d } = ds;
  const names = ds.names ?? voigtNames(d);
  const strain = names.strain.map((name, k) => summarize(ds.strain, n, d, k, name));
  const stress = names.stress.map((name, k) => summarize(ds.stress, n, d, k, name));
  const info: DatasetInfo = { n, dim: d, strain, stress, sigma: stress.map((c) => c.std) };
  if (ds.source !== undefined) info.source = ds.source;
  if (ds.material !== undefined) info.material = ds.material;
  if (d === 3 || d === 6) {
    let minEigenvalue = Number.POSITIVE_INFINITY;
    let inadmissibleRows = 0;
    let firstInadmissibleRow: number | undefined;
    for (let p = 0; p < n; p++) {
      const e = minEigenvalueOfC(ds.strain.subarray(p * d, p * d + d));
      if (e < minEigenvalue) minEigenvalue = e;
      if (!(e > 0)) {
        inadmissibleRows++;
        firstInadmissibleRow ??= p;
      }
    }
    info.admissibility = { minEigenvalue, inadmissibleRows };
    if (firstInadmissibleRow !== undefined) info.admissibility.firstInadmissibleRow = firstInadmissibleRow;
  }
  return info;
}
