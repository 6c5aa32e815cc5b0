import { describe, expect, it } from "vitest";
import { generateDataset } from "../../src/data/generate.js";
import { createModel } from "../../src/model/create.js";
import { scalingFromData } from "../../src/model/scaling.js";
import { evaluationRows } from "../../src/report/split.js";
import { train } from "../../src/train/trainer.js";

describe("parity rows: the trainer's test split, reconstructed and confirmed", () => {
  const data = generateDataset({ samples: 200, seed: 4 });
  const model = createModel(
    { kind: "miann", inputDim: 3, hidden: [4] },
    { seed: 2, scaling: scalingFromData(data.strain, data.stress, data.n, 3) },
  );
  const { record, split } = train(model, data, {
    epochs: 3,
    seed: 7,
    val: 0.2,
    test: 0.25,
    optimizer: "adam",
  });

  it("gives exactly the trainer's test rows when the data and model match the record", () => {
    const rows = evaluationRows(model, record, data);
    expect(rows.rows).toEqual(Array.from(split.test));
    expect(rows.note).toBeUndefined();
    expect(rows.label).toContain("confirmed");
  });

  it("falls back to every row, with a note, when the data differs from the training data", () => {
    const other = { ...data, stress: data.stress.map((v) => v * 1.01) };
    const rows = evaluationRows(model, record, other);
    expect(rows.rows).toHaveLength(data.n);
    expect(rows.note).toMatch(/differs/);
  });

  it("falls back when the row count differs or there is no training record", () => {
    const fewer = {
      ...data,
      n: 150,
      strain: data.strain.subarray(0, 450),
      stress: data.stress.subarray(0, 450),
    };
    expect(evaluationRows(model, record, fewer).note).toMatch(/200 rows/);
    expect(evaluationRows(model, undefined, data).note).toMatch(/no training record/);
  });
});
