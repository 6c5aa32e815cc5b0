import type { Dataset } from "../../src/data/dataset.js";
import { createRegressionModel } from "../../src/model/regression.js";
import type { Model } from "../../src/model/types.js";
import { Random } from "../../src/util/random.js";

/**
 * A small smooth 2D problem with a known law: s1 = 100 x1 + 30 x2 + 2000 x1³, s2 = 30 x1 + 60 x2
 * + 500 x2³ (a gradient of a convex energy), x uniform in [−0.2, 0.2]².
 */
export function toyDataset(n: number, seed = 5): Dataset {
  const rng = new Random(seed);
  const strain = new Float64Array(n * 2);
  const stress = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x1 = rng.range(-0.2, 0.2);
    const x2 = rng.range(-0.2, 0.2);
    strain[2 * i] = x1;
    strain[2 * i + 1] = x2;
    stress[2 * i] = 100 * x1 + 30 * x2 + 2000 * x1 ** 3;
    stress[2 * i + 1] = 30 * x1 + 60 * x2 + 500 * x2 ** 3;
  }
  return { dim: 2, n, strain, stress, source: "toy" };
}

export function toyModel(seed = 3): Model {
  return createRegressionModel(
    { kind: "regression", inputDim: 2, hidden: [8, 8] },
    undefined,
    { strainScale: [0.2, 0.2], stressScale: 40 },
    seed,
  );
}

/** wraps a model so that call number `bad` (1-based) of lossAndGradient returns NaN */
export function nanOnCall(
  model: Model,
  bad: number,
  only?: { gradientEntry: number; value: number },
): Model & { calls: number } {
  const wrapper = {
    calls: 0,
    name: model.name,
    dim: model.dim,
    hasEnergy: model.hasEnergy,
    spec: model.spec,
    params: model.params,
    scaling: model.scaling,
    evaluate: model.evaluate.bind(model),
    lossAndGradient(
      strain: Float64Array,
      stress: Float64Array,
      n: number,
      sigma: Float64Array,
      grad: Float64Array,
    ): number {
      wrapper.calls++;
      const f = model.lossAndGradient(strain, stress, n, sigma, grad);
      if (wrapper.calls === bad) {
        // only: a non-finite gradient entry under a finite loss
        if (only) {
          grad[only.gradientEntry] = only.value;
          return f;
        }
        grad[0] = Number.NaN;
        return Number.NaN;
      }
      return f;
    },
  };
  return wrapper;
}
