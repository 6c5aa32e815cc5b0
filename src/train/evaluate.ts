import type { Material } from "../core/material.js";
import type { Dataset, TestMode, TestPoint } from "../data/dataset.js";
import { predictTest, type TestResponse } from "../data/test-predict.js";
import type { SplitMetrics } from "../model/types.js";
import { splitMetrics } from "./metrics.js";
import { lossSigma } from "./sigma.js";

/**
 * A model's error on a data set (docs/theory.md, sections "Unknown stress components" and "Test
 * curves"): per stress component RMSE, RMSE/σ (σ of these data over their known entries, a
 * constant column weighted as in training) and R² over the known entries only; for test curves,
 * each test predicted under its own boundary conditions and, per mode, RMSE and R² of the measured
 * nominal stress (P11; P12 in simple shear; P22 too where it was measured). R² is unclipped:
 * 1 − SS_res/SS_tot, negative when the model is worse than the mean.
 */
export interface ModeMetrics {
  mode: TestMode;
  /** the measured quantity: "P11", "P22" or "P12" */
  quantity: "P11" | "P22" | "P12";
  count: number;
  rmse: number;
  /** unclipped */
  r2: number;
}

export interface TestPrediction {
  mode: TestMode;
  curve: string;
  /** the stretch imposed (γ for simple shear) */
  lambda: number;
  /** the second stretch the test ended at (uniaxial: solved from S22 = 0) */
  lambda2: number;
  measured: number;
  predicted: number;
  /** P22 where it was measured */
  measured22?: number;
  predicted22?: number;
}

export interface Evaluation {
  rows: number;
  names: string[];
  sigma: number[];
  components: SplitMetrics;
  tests?: ModeMetrics[];
  predictions?: TestPrediction[];
}

export function evaluateOnData(model: Material, data: Dataset): Evaluation {
  const d = data.dim;
  if (model.dim !== d) {
    throw new RangeError(`the data have d = ${d} but the model d = ${model.dim}`);
  }
  const names = data.names?.stress ?? Array.from({ length: d }, (_, k) => `S${k + 1}`);
  // σ over the known entries; the rows of an observation-only point (simple shear) have none
  const anyKnown = data.mask === undefined || data.mask.includes(1);
  let sigma: number[];
  let components: SplitMetrics;
  if (anyKnown) {
    sigma = Array.from(lossSigma(data.stress, data.n, d, data.mask, names, true).sigma);
    components = splitMetrics(model, data.strain, data.stress, data.n, sigma, data.mask);
  } else {
    sigma = new Array<number>(d).fill(Number.NaN);
    components = { count: 0, rmse: [...sigma], relRmse: [...sigma], r2: [...sigma] };
  }
  const out: Evaluation = { rows: data.n, names, sigma, components };
  if (data.tests) {
    const { metrics, predictions } = evaluateTests(model, data.tests);
    out.tests = metrics;
    out.predictions = predictions;
  }
  return out;
}

/** every test under its own boundary conditions, metrics per mode */
export function evaluateTests(
  model: Material,
  points: readonly TestPoint[],
): { metrics: ModeMetrics[]; predictions: TestPrediction[] } {
  const predictions: TestPrediction[] = new Array(points.length);
  // predicted curve by curve (the uniaxial continuation runs along one curve)
  const curves = new Map<string, number[]>();
  points.forEach((p, i) => {
    const key = `${p.curve}\u0000${p.mode}`;
    if (!curves.has(key)) curves.set(key, []);
    curves.get(key)!.push(i);
  });
  for (const idx of curves.values()) {
    const resp: TestResponse[] = predictTest(
      model,
      idx.map((i) => points[i]),
    );
    idx.forEach((i, j) => {
      const p = points[i];
      const r = resp[j];
      const shear = p.mode === "simple-shear";
      const pred: TestPrediction = {
        mode: p.mode,
        curve: p.curve,
        lambda: shear ? (p.gamma as number) : p.lambda1,
        lambda2: r.lambda2,
        measured: (shear ? p.P12 : p.P11) as number,
        predicted: (shear ? r.P12 : r.P11) as number,
      };
      if (!shear && p.P22 !== undefined && p.mode !== "equibiaxial" && p.mode !== "uniaxial") {
        pred.measured22 = p.P22;
        pred.predicted22 = r.P22;
      }
      predictions[i] = pred;
    });
  }
  const metrics: ModeMetrics[] = [];
  const modes = [...new Set(points.map((p) => p.mode))];
  for (const mode of modes) {
    const these = predictions.filter((p) => p.mode === mode && p.measured !== undefined);
    if (these.length > 0) {
      metrics.push(
        modeMetric(
          mode,
          mode === "simple-shear" ? "P12" : "P11",
          these.map((p) => [p.measured, p.predicted]),
        ),
      );
    }
    const with22 = predictions.filter((p) => p.mode === mode && p.measured22 !== undefined);
    if (with22.length > 0) {
      metrics.push(
        modeMetric(
          mode,
          "P22",
          with22.map((p) => [p.measured22 as number, p.predicted22 as number]),
        ),
      );
    }
  }
  return { metrics, predictions };
}

function modeMetric(
  mode: TestMode,
  quantity: ModeMetrics["quantity"],
  pairs: [number, number][],
): ModeMetrics {
  const n = pairs.length;
  const mean = pairs.reduce((a, [m]) => a + m, 0) / n;
  let res = 0;
  let tot = 0;
  for (const [m, p] of pairs) {
    res += (p - m) ** 2;
    tot += (m - mean) ** 2;
  }
  return { mode, quantity, count: n, rmse: Math.sqrt(res / n), r2: tot > 0 ? 1 - res / tot : Number.NaN };
}
