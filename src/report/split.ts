import type { Dataset } from "../data/dataset.js";
import type { Model, TrainingRecord } from "../model/types.js";
import { splitIndices } from "../train/split.js";

/** Rows of the data the parity plots use, how to describe them, and a note when not the test split. */
export interface EvaluationRows {
  rows: number[];
  label: string;
  note?: string;
}

/** Relative agreement required between the recorded and the recomputed test RMSE. */
const RMSE_AGREEMENT = 1e-9;

/**
 * The test split of the training run, reconstructed from the training record (seed, val and test
 * fractions, rows: the trainer's seeded split, src/train/split.ts) and confirmed by recomputing
 * the model's test RMSE against the one recorded. When the record is missing, the data has another
 * row count, or the RMSE differs (other data, or a model changed since), every row is used and the
 * note says why.
 */
export function evaluationRows(
  model: Model,
  training: TrainingRecord | undefined,
  data: Dataset,
): EvaluationRows {
  const all = (why: string): EvaluationRows => ({
    rows: Array.from({ length: data.n }, (_, i) => i),
    label: "all rows of the data",
    note: `Parity plots use every row of the data, training rows included: ${why}.`,
  });
  const s = training?.settings;
  if (!s) return all("the model file has no training record");
  const { seed, val, test, rows } = s as { seed?: unknown; val?: unknown; test?: unknown; rows?: unknown };
  if (typeof seed !== "number" || typeof val !== "number" || typeof test !== "number") {
    return all("the training record does not say how the data was split");
  }
  if (typeof rows === "number" && rows !== data.n) {
    return all(`the model was trained on ${rows} rows, the data has ${data.n}`);
  }
  if (test <= 0) return all("the training run kept no test split");
  let testRows: number[];
  try {
    // restarts record the seed of the kept run and, apart, the one that split the data
    const splitSeed = typeof s.splitSeed === "number" ? s.splitSeed : seed;
    testRows = Array.from(splitIndices(data.n, { seed: splitSeed, val, test }).test);
  } catch {
    return all("the recorded split does not apply to this data");
  }
  const recorded = training?.metrics?.test;
  if (recorded && recorded.count === testRows.length && recorded.rmse.length === data.dim) {
    const rmse = testRmse(model, data, testRows);
    const agree = rmse.every(
      (v, k) =>
        Math.abs(v - recorded.rmse[k]) <= RMSE_AGREEMENT * Math.max(Math.abs(recorded.rmse[k]), 1e-300),
    );
    if (!agree)
      return all("the test error recomputed on this data differs from the recorded one (other data?)");
    return { rows: testRows, label: "the test split of the training run (confirmed by its recorded RMSE)" };
  }
  return {
    rows: testRows,
    label: "the test split of the training run",
    note: "The test split was rebuilt from the recorded seed and fractions; no recorded test error confirms the data is the same.",
  };
}

function testRmse(model: Model, data: Dataset, rows: number[]): number[] {
  const d = data.dim;
  const n = rows.length;
  const x = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let k = 0; k < d; k++) x[r * d + k] = data.strain[rows[r] * d + k];
  const s = new Float64Array(n * d);
  model.evaluate(x, n, { stress: s });
  const rmse = new Array<number>(d).fill(0);
  const count = new Array<number>(d).fill(0);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      // an unknown entry (mask 0) is left out, as the trainer's metrics do
      if (data.mask !== undefined && data.mask[rows[r] * d + k] === 0) continue;
      rmse[k] += (s[r * d + k] - data.stress[rows[r] * d + k]) ** 2;
      count[k]++;
    }
  }
  return rmse.map((v, k) => Math.sqrt(v / count[k]));
}
