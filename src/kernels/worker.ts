/**
 * A kernel worker thread (started by pool.ts from the compiled dist/src/kernels/worker.js): one
 * WebAssembly kernel instance, serving commands through the shared-memory protocol of
 * protocol.ts until told to exit.
 */
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import { KernelInstance, type LossMode } from "./instance.js";
import {
  CHUNK,
  CMD,
  CMD_EXIT,
  CMD_GRADIENT,
  CMD_GRADIENT_HESSIAN,
  CMD_LOSS,
  CMD_POTENTIAL,
  CMD_REGRESSION_LOSS,
  type DataMessage,
  DONE,
  dataLayout,
  ERROR,
  GEN,
  GROWTH_AT,
  LOSS_MODE,
  MASKED,
  NEXT,
  outputStride,
  RANGES,
  READY,
  ROWS,
  TOTAL,
  VERSION,
  type WorkerSetup,
} from "./protocol.js";
import { RegressionInstance } from "./regression-instance.js";

const setup = workerData as WorkerSetup;
const control = new Int32Array(setup.control);
const d = setup.inputDim;
// a failure here is reported on every command (ERROR), so the caller never waits for a dead worker
let instance: KernelInstance | undefined;
let regression: RegressionInstance | undefined;
try {
  if (setup.regression) regression = new RegressionInstance(setup.module, { ...setup, ...setup.regression });
  else instance = new KernelInstance(setup.module, setup);
} catch {
  instance = undefined;
  regression = undefined;
}
const size = regression?.size ?? instance?.size ?? 0;
Atomics.add(control, READY, 1);
let data = new Float64Array(setup.data);
const dy = setup.outputDim ?? d;
let layout = dataLayout(size, d, setup.capacity, setup.workers, dy);
let version = 0;

function syncData(): void {
  const wanted = Atomics.load(control, VERSION);
  while (version !== wanted) {
    const message = receiveMessageOnPort(setup.port);
    if (message === undefined) {
      Atomics.wait(control, GEN, Atomics.load(control, GEN), 1); // the message is on its way
      continue;
    }
    const m = message.message as DataMessage;
    data = new Float64Array(m.data);
    layout = dataLayout(size, d, m.capacity, setup.workers, dy);
    version = m.version;
  }
}

function run(cmd: number): void {
  if (cmd === CMD_REGRESSION_LOSS) {
    runRegression();
    return;
  }
  if (instance === undefined) throw new Error("no kernel instance");
  syncData();
  instance.setParams(data.subarray(layout.params, layout.params + size));
  if (cmd === CMD_LOSS) {
    // chunks taken in turn (protocol.ts, ROWS); chunk c's sums into result slot c
    const rows = control[CHUNK];
    const total = control[ROWS];
    for (let c = Atomics.add(control, NEXT, 1); c * rows < total; c = Atomics.add(control, NEXT, 1)) {
      lossChunk(c, c * rows, Math.min(rows, total - c * rows));
    }
    return;
  }
  // the map commands: chunks taken in turn (protocol.ts, NEXT)
  const chunk = control[CHUNK];
  if (!(chunk > 0)) throw new Error("a map command without a chunk size");
  const total = control[TOTAL];
  for (let c = Atomics.add(control, NEXT, 1); c * chunk < total; c = Atomics.add(control, NEXT, 1)) {
    mapRange(cmd, c * chunk, Math.min(chunk, total - c * chunk));
  }
}

/** the loss share of rows [start, start + n) into result slot `slot` */
function lossChunk(slot: number, start: number, n: number): void {
  if (instance === undefined) throw new Error("no kernel instance");
  const mode = control[LOSS_MODE] as LossMode;
  const ly = mode === 0 ? d : dy;
  instance.setSigma(data.subarray(layout.sigma, layout.sigma + ly), ly);
  instance.setX(data.subarray(layout.x), start, n);
  instance.setY(data.subarray(layout.y), start, n, ly);
  const masked = control[MASKED] === 1;
  if (masked) instance.setMask(data.subarray(layout.mask), start, n, ly);
  if (mode !== 0) {
    instance.setLossMap(
      data.subarray(layout.pullback),
      start,
      n,
      mode === 2
        ? {
            k: data.subarray(layout.zeroK),
            gamma: data.subarray(layout.gamma),
            c: data.subarray(layout.zeroC, layout.zeroC + d),
          }
        : undefined,
    );
  }
  const loss = instance.lossPartial(n, control[TOTAL], masked, mode, control[GROWTH_AT]);
  const r = layout.results + slot * layout.resultStride;
  data.set(instance.graw(), r);
  data.set(instance.rsum(), r + size);
  data[r + size + d] = loss;
}

/** potential, gradient or Hessian of samples [start, start + n) into the shared outputs */
function mapRange(cmd: number, start: number, n: number): void {
  if (instance === undefined || n === 0) return;
  instance.setX(data.subarray(layout.x), start, n);
  if (cmd === CMD_POTENTIAL) instance.potential(n);
  else if (cmd === CMD_GRADIENT) instance.gradient(n);
  else instance.hessian(n);
  const stride = outputStride(cmd, d);
  data.set(instance.out(n * stride), layout.out + start * stride);
  if (cmd === CMD_GRADIENT_HESSIAN) data.set(instance.out2(n * d), layout.out2 + start * d);
}

/** the regression loss share of this worker's range: gradient at results, loss after Σr's slot */
function runRegression(): void {
  if (regression === undefined) throw new Error("no regression kernel instance");
  syncData();
  const start = control[RANGES + 2 * setup.index];
  const n = control[RANGES + 2 * setup.index + 1] - start;
  regression.setParams(data.subarray(layout.params, layout.params + size));
  regression.setSigma(data.subarray(layout.sigma, layout.sigma + d));
  regression.setX(data.subarray(layout.x), start, n);
  regression.setY(data.subarray(layout.y), start, n);
  const loss = regression.loss(n, control[TOTAL]);
  const r = layout.results + setup.index * layout.resultStride;
  data.set(regression.grad(), r);
  data[r + size + d] = loss;
}

let seen = 0;
for (;;) {
  Atomics.wait(control, GEN, seen);
  const gen = Atomics.load(control, GEN);
  if (gen === seen) continue;
  seen = gen;
  const cmd = Atomics.load(control, CMD);
  if (cmd === CMD_EXIT) break;
  try {
    run(cmd);
  } catch {
    Atomics.store(control, ERROR, 1);
  }
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
setup.port.close();
