/**
 * Measures the report of the demo's built-in 5,000-sample fabric dataset (not a test: timing on a
 * shared machine is no pass/fail criterion). Three seeded models (miann, potential, regression),
 * each trained briefly so the report has histories and a reconstructable test split.
 *
 *   npx tsx test/report/measure.ts [out.html]
 *
 * Prints wall and CPU time of writeReport (without PNGs) and the file size. The report is kept at
 * out.html when given; the warm-up report, and the measured one without out.html, go to a temporary
 * folder removed at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDataset } from "../../src/data/generate.js";
import { createModel } from "../../src/model/create.js";
import { modelToFile } from "../../src/model/file.js";
import { scalingFromData } from "../../src/model/scaling.js";
import type { ModelKind } from "../../src/model/types.js";
import { writeReport } from "../../src/report/index.js";
import { train } from "../../src/train/trainer.js";

const scratch = mkdtempSync(join(tmpdir(), "miann-report-measure-"));
process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
const out = process.argv[2] ?? join(scratch, "report.html");
const data = generateDataset({ samples: 5000, seed: 1 });
const scaling = scalingFromData(data.strain, data.stress, data.n, data.dim);
const models = (["miann", "potential", "regression"] as ModelKind[]).map((kind) => {
  const model = createModel(
    { kind, inputDim: 3, hidden: kind === "regression" ? [32, 32] : [16, 16, 8] },
    { seed: 1, scaling },
  );
  const { record } = train(model, data, { epochs: 20 });
  return { model, file: modelToFile(model, { name: kind, training: record }), path: `${kind}.json` };
});
// warm the renderer (module loading and JIT are not part of the report's cost)
await writeReport({ models: models.slice(0, 1), out: join(scratch, "warmup.html") });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await writeReport({ models, data, out });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${result.path}: ${result.figures} figures, ${(result.bytes / 1e6).toFixed(2)} MB; ` +
    `writeReport ${wall.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU ` +
    `(5,000 rows, 3 models)\n`,
);
