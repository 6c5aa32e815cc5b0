/**
 * The shared-memory protocol between the main thread and the kernel workers (pool.ts,
 * worker.ts). `control` is an Int32Array over a SharedArrayBuffer; `data` a Float64Array over
 * another one, laid out by dataLayout(). The main thread writes the inputs, bumps GEN and
 * notifies; each worker takes chunks (NEXT) until they run out, or its range for the regression
 * loss, and adds 1 to DONE; the main thread Atomics.waits for DONE to reach the number of workers.
 */

import type { MessagePort } from "node:worker_threads";
import type { NetworkConstraints } from "../core/layout.js";
import type { WasmModule } from "./wasm-api.js";

export const GEN = 0;
export const CMD = 1;
export const DONE = 2;
export const VERSION = 3;
export const TOTAL = 4;
export const ERROR = 5;
/** CMD_LOSS: 1 when the known-entry weights in data.mask apply (TOTAL is then Σ w) */
export const MASKED = 6;
/** CMD_LOSS: the loss map (0 MIANN, 1 pullback in data.pullback, 2 plus the zero-state term) */
export const LOSS_MODE = 7;
/** CMD_LOSS: offset of the growth parameter of the zero-state term, −1 for none */
export const GROWTH_AT = 8;
/**
 * the map commands (potential, gradient, Hessian) with CHUNK > 0: every thread, the caller
 * included, takes chunks of CHUNK samples in turn, the next one being Atomics.add(NEXT, 1), until
 * the chunks of the TOTAL samples run out; a sample's output is the same whichever thread
 * computes it, so the result does not depend on who took what
 */
export const NEXT = 9;
export const CHUNK = 10;
/** how many workers have their kernel instance (each adds 1 when it has, or failed to make it) */
export const READY = 11;
/**
 * CMD_LOSS: the batch's rows. The loss goes in chunks of CHUNK rows taken in turn like the map
 * commands; chunk c's raw gradient, Σr and loss go to result slot c, and the caller sums the slots
 * in chunk order, so the sums do not depend on which thread took which chunk
 */
export const ROWS = 12;
/** the regression loss: worker w's range of samples is [control[RANGES + 2w], control[RANGES + 2w + 1]) */
export const RANGES = 13;
/** the most chunks a split loss is cut into (result slots of the data buffer) */
export const LOSS_CHUNKS = 16;

export const CMD_POTENTIAL = 1;
export const CMD_GRADIENT = 2;
export const CMD_HESSIAN = 3;
export const CMD_LOSS = 4;
/** Hessians into out and, alongside, gradients into out2 */
export const CMD_GRADIENT_HESSIAN = 5;
/** the regression baseline's loss and gradient share (regression instances only) */
export const CMD_REGRESSION_LOSS = 6;
export const CMD_EXIT = 9;

/** Offsets (in float64 elements) of each region of the data buffer for `capacity` samples. */
export interface DataLayout {
  params: number;
  sigma: number;
  x: number;
  /** n×dy targets (dy: the stress dimension of the loss) */
  y: number;
  /** n×dy known-entry weights of CMD_LOSS (read when control[MASKED] = 1) */
  mask: number;
  /** n×d×dy per-sample pullback B of a mapped loss, n×dy zero-state vectors k, n factors γ, d c */
  pullback: number;
  zeroK: number;
  gamma: number;
  zeroC: number;
  out: number;
  /** n×d gradients of CMD_GRADIENT_HESSIAN */
  out2: number;
  /**
   * result slot s (a chunk of CMD_LOSS, or worker s of the regression loss): raw gradient (size),
   * Σr (d), partial loss (1) at results + s·resultStride
   */
  results: number;
  resultStride: number;
  length: number;
}

export function dataLayout(
  size: number,
  d: number,
  capacity: number,
  workers: number,
  outputDim = d,
): DataLayout {
  const dy = outputDim;
  const params = 0;
  const sigma = params + size;
  const x = sigma + dy;
  const y = x + capacity * d;
  const mask = y + capacity * dy;
  const pullback = mask + capacity * dy;
  const zeroK = pullback + capacity * d * dy;
  const gamma = zeroK + capacity * dy;
  const zeroC = gamma + capacity;
  const out = zeroC + d;
  const out2 = out + capacity * d * d;
  const results = out2 + capacity * d;
  const resultStride = size + d + 1;
  return {
    params,
    sigma,
    x,
    y,
    mask,
    pullback,
    zeroK,
    gamma,
    zeroC,
    out,
    out2,
    results,
    resultStride,
    length: results + Math.max(workers, LOSS_CHUNKS) * resultStride,
  };
}

/** Number of values per sample each command writes (potential 1, gradient d, Hessian d²). */
export function outputStride(cmd: number, d: number): number {
  if (cmd === CMD_POTENTIAL) return 1;
  if (cmd === CMD_GRADIENT) return d;
  return d * d;
}

/** What a worker is started with (workerData). */
export interface WorkerSetup {
  module: WasmModule;
  inputDim: number;
  hidden: number[];
  convex: boolean;
  /** the network's constraint list (absent: from convex) */
  constraints?: NetworkConstraints;
  /** the stress dimension of a mapped loss (absent: inputDim) */
  outputDim?: number;
  index: number;
  workers: number;
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
  capacity: number;
  port: MessagePort;
  /** set for a pool of regression instances (src/kernels/regression-instance.ts) */
  regression?: RegressionScaling;
}

/** The scaling a regression instance is built with (D per component, κ). */
export interface RegressionScaling {
  strainScale: number[];
  stressScale: number;
}

/** A replacement data buffer, sent when a batch outgrows the current one. */
export interface DataMessage {
  data: SharedArrayBuffer;
  capacity: number;
  version: number;
}
