/**
 * A pool of kernel worker threads, driven from the calling thread through SharedArrayBuffer +
 * Atomics (protocol.ts): the caller writes the inputs, wakes the workers, takes chunks itself
 * meanwhile (or goes on with other work), then Atomics.waits until every worker is done.
 * Workers are unref()'d, so they never keep the process alive; dispose() ends them.
 */
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { NetworkConstraints } from "../core/layout.js";
import { builtFile } from "./package-root.js";
import {
  CHUNK,
  CMD,
  CMD_EXIT,
  type DataLayout,
  type DataMessage,
  DONE,
  dataLayout,
  ERROR,
  GEN,
  GROWTH_AT,
  LOSS_MODE,
  MASKED,
  NEXT,
  RANGES,
  READY,
  type RegressionScaling,
  ROWS,
  TOTAL,
  VERSION,
  type WorkerSetup,
} from "./protocol.js";
import type { WasmModule } from "./wasm-api.js";

export { splitSamples, worthSplitting } from "./split-samples.js";

/** How long a call waits for the workers before giving up (they normally answer in milliseconds). */
const WORKER_TIMEOUT_MS = 120_000;

export class WorkerPool {
  readonly workers: number;
  private readonly threads: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly control: Int32Array;
  private data: Float64Array;
  private layoutValue: DataLayout;
  private capacity: number;
  private version = 0;
  private disposed = false;

  constructor(
    module: WasmModule,
    private readonly shape: {
      inputDim: number;
      hidden: readonly number[];
      convex: boolean;
      constraints?: NetworkConstraints;
      outputDim?: number;
      regression?: RegressionScaling;
    },
    private readonly size: number,
    workers: number,
  ) {
    this.workers = workers;
    const script = builtFile("src", "kernels", "worker.js");
    this.control = new Int32Array(new SharedArrayBuffer(4 * (RANGES + 2 * workers)));
    this.capacity = 1024;
    this.layoutValue = dataLayout(size, shape.inputDim, this.capacity, workers, shape.outputDim);
    this.data = new Float64Array(new SharedArrayBuffer(8 * this.layoutValue.length));
    for (let index = 0; index < workers; index++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = {
        module,
        inputDim: shape.inputDim,
        hidden: [...shape.hidden],
        convex: shape.convex,
        constraints: shape.constraints,
        outputDim: shape.outputDim,
        index,
        workers,
        control: this.control.buffer as SharedArrayBuffer,
        data: this.data.buffer as SharedArrayBuffer,
        capacity: this.capacity,
        port: port2,
        regression: shape.regression,
      };
      const worker = new Worker(script, { workerData: setup, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.threads.push(worker);
      this.ports.push(port1);
    }
  }

  /** The data buffer's regions for the current capacity. */
  get layout(): DataLayout {
    return this.layoutValue;
  }

  /** The shared data buffer, holding at least n samples. */
  buffer(n: number): Float64Array {
    if (n > this.capacity) {
      this.capacity = Math.max(n, 2 * this.capacity);
      this.layoutValue = dataLayout(
        this.size,
        this.shape.inputDim,
        this.capacity,
        this.workers,
        this.shape.outputDim,
      );
      this.data = new Float64Array(new SharedArrayBuffer(8 * this.layoutValue.length));
      this.version++;
      const message: DataMessage = {
        data: this.data.buffer as SharedArrayBuffer,
        capacity: this.capacity,
        version: this.version,
      };
      for (const port of this.ports) port.postMessage(message);
      Atomics.store(this.control, VERSION, this.version);
    }
    return this.data;
  }

  /**
   * Wakes the workers on `cmd`: worker w takes samples ranges[w] = [start, end) (the regression
   * loss), or chunks in turn (chunk > 0; no ranges).
   */
  start(
    cmd: number,
    ranges: [number, number][] | undefined,
    total: number,
    loss: { masked: boolean; mode: number; growthAt: number } = { masked: false, mode: 0, growthAt: -1 },
    chunk = 0,
    rows = 0,
  ): void {
    if (this.disposed) throw new Error("miann: the kernels were disposed");
    const c = this.control;
    for (let w = 0; w < this.workers && ranges; w++) {
      c[RANGES + 2 * w] = ranges[w][0];
      c[RANGES + 2 * w + 1] = ranges[w][1];
    }
    c[TOTAL] = total;
    c[MASKED] = loss.masked ? 1 : 0;
    c[LOSS_MODE] = loss.mode;
    c[GROWTH_AT] = loss.growthAt;
    c[CHUNK] = chunk;
    c[ROWS] = rows;
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, ERROR, 0);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, CMD, cmd);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
  }

  /** Whether every worker has booted (made its kernel instance): a command now starts at once. */
  ready(): boolean {
    return Atomics.load(this.control, READY) >= this.workers;
  }

  /** The next chunk of a chunked command (start with chunk > 0), for the calling thread. */
  claim(): number {
    return Atomics.add(this.control, NEXT, 1);
  }

  /** Blocks until every worker has finished the command started last. */
  wait(): void {
    const c = this.control;
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= this.workers) break;
      if (Date.now() > deadline) {
        throw new Error(
          "miann: the kernel worker threads did not answer (is dist/ built? run npm run build)",
        );
      }
      Atomics.wait(c, DONE, done, 1000);
    }
    if (Atomics.load(c, ERROR) !== 0) throw new Error("miann: a kernel worker thread failed");
  }

  /** Ends the worker threads. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, CMD, CMD_EXIT);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const port of this.ports) port.close();
    for (const worker of this.threads) void worker.terminate();
  }
}
