import { lossSigma } from "../train/sigma.js";
import type { Dataset } from "./dataset.js";
import { voigtNames } from "./generate.js";
import { minEigenvalueOfC } from "./measures.js";

export interface ColumnSummary {
  name: string;
  min: number;
  max: number;
  mean: number;
  /** population standard deviation (the σ of the loss, docs/theory.md, section "Unknown stress components") */
  std: number;
  /** rows where this column is unknown (an empty stress field); absent when none */
  unknown?: number;
}

export interface DatasetInfo {
  n: number;
  dim: number;
  source?: string;
  material?: string;
  strain: ColumnSummary[];
  stress: ColumnSummary[];
  /** σ_k per stress component as the loss uses it (= stress[k].std, but a constant column gets the others' scale) */
  sigma: number[];
  /**
   * min eig(2E + I) over the rows and how many rows have it ≤ 0 (not a real deformation); absent
   * when d is neither 3 nor 6
   */
  admissibility?: { minEigenvalue: number; inadmissibleRows: number; firstInadmissibleRow?: number };
  /** likely mistakes worth a look (tensor shear read as engineering, strains in %), one line each */
  warnings: string[];
}

/** statistics of column k over its known entries (all of them without a mask) */
function summarize(
  values: Float64Array,
  n: number,
  d: number,
  k: number,
  name: string,
  mask?: Uint8Array,
): ColumnSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (mask !== undefined && mask[p * d + k] === 0) continue;
    const v = values[p * d + k];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  const mean = sum / count;
  let ss = 0;
  for (let p = 0; p < n; p++) {
    if (mask !== undefined && mask[p * d + k] === 0) continue;
    ss += (values[p * d + k] - mean) ** 2;
  }
  const summary: ColumnSummary = { name, min, max, mean, std: Math.sqrt(ss / count) };
  if (count < n) summary.unknown = n - count;
  return summary;
}

/** counts, ranges, σ per stress component and admissibility of a dataset */
export function datasetInfo(ds: Dataset): DatasetInfo {
  const { n, dim: d } = ds;
  const names = ds.names ?? voigtNames(d);
  const strain = names.strain.map((name, k) => summarize(ds.strain, n, d, k, name));
  const stress = names.stress.map((name, k) => summarize(ds.stress, n, d, k, name, ds.mask));
  // σ as the loss weighs the columns: a constant column gets the others' scale (src/train/sigma.ts)
  const sigma = Array.from(lossSigma(ds.stress, n, d, ds.mask, names.stress).sigma);
  const info: DatasetInfo = { n, dim: d, strain, stress, sigma, warnings: [] };
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
  info.warnings = datasetWarnings(info, ds);
  return info;
}

/** shear strain column names that usually mean the tensor component (E12, eps_12, e23 ...) */
const TENSOR_SHEAR_NAME = /^(e|eps|epsilon|strain)[ _]?(12|21|23|32|13|31)$/i;

/**
 * The likely mistakes in a dataset, one line each: what `data info` prints and `train` warns about
 * before it trains (one place for both).
 */
export function datasetWarnings(info: DatasetInfo, ds: Pick<Dataset, "columnsByDefault"> = {}): string[] {
  const warnings: string[] = [];
  // a table of more than 6 columns read as d = n/2 by default, with a d that is not a solid's 6: most
  // often extra columns (an id, a temperature) were taken for strains and stresses
  const guessed = ds.columnsByDefault !== undefined && info.dim > 3 && info.dim !== 6;
  if (guessed) {
    const total = ds.columnsByDefault!.total;
    const example =
      total > 6
        ? `, e.g. --strain ${total - 5}-${total - 3} --stress ${total - 2}-${total} for a membrane's strains and stresses in the last 6 columns`
        : "";
    warnings.push(
      `read ${total} columns as d = ${info.dim}: the first ${info.dim} as strain, the last ${info.dim} as stress ` +
        "(no columns chosen), but membranes have d = 3 and solids d = 6: if some columns are neither (an id, " +
        `a temperature), choose the others with --strain and --stress${example}`,
    );
  }
  const shear = info.dim === 3 ? [2] : info.dim === 6 ? [3, 4, 5] : [];
  const tensorNamed = shear.map((k) => info.strain[k].name).filter((name) => TENSOR_SHEAR_NAME.test(name));
  if (tensorNamed.length > 0) {
    warnings.push(
      `shear strain column ${tensorNamed.join(", ")} is named like a tensor component: miann expects ` +
        "engineering shear γ = 2E12; if the file holds E12, read it with --shear tensor",
    );
  }
  const largest = Math.max(...info.strain.map((c) => Math.max(Math.abs(c.min), Math.abs(c.max))));
  if (largest > 1 && !guessed) {
    warnings.push(
      `strains reach ${largest.toPrecision(3)}: if they are in percent, read them with --strain-factor 0.01`,
    );
  }
  const a = info.admissibility;
  if (a && a.inadmissibleRows > 0 && !guessed) {
    warnings.push(
      `${a.inadmissibleRows} of ${info.n} rows are not a real deformation (min eig(2E + I) ≤ 0, first: data row ` +
        `${(a.firstInadmissibleRow ?? 0) + 1}): strains in percent (--strain-factor 0.01) or tensor shear read ` +
        "as engineering shear (--shear tensor)?",
    );
  }
  return warnings;
}
