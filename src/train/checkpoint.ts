import { readFileSync } from "node:fs";
import type { HistoryEntry, ModelSpec, Scaling } from "../model/types.js";
import { type WriteOptions, writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { parseJsonText } from "../util/json.js";
import type { AdamState } from "./adam.js";
import type { LbfgsState } from "./lbfgs.js";
import type { ScheduleState } from "./schedule.js";

/**
 * Everything a run needs to continue exactly where it stopped: the model (spec, scaling,
 * parameters), the optimiser state (Adam moments and step, schedule, L-BFGS pairs), the
 * early-stopping state and the history. Batches are shuffled by a generator seeded from
 * (seed, epoch), so the epoch number is the whole random state. A resumed run reaches the same
 * parameters, bit for bit, as an uninterrupted one (float64 survives JSON exactly).
 */
export interface TrainerCheckpoint {
  spec: ModelSpec;
  scaling: Scaling;
  params: Float64Array;
  /** the next epoch to run */
  epoch: number;
  /** settings the run was started with; a resume must match them */
  settings: Record<string, unknown>;
  adam: AdamState;
  schedule: ScheduleState;
  lbfgs?: LbfgsState;
  /** last parameters (and Adam state) with a finite loss and gradient: the rollback target */
  lastGood: Float64Array;
  lastGoodAdam: AdamState;
  best: { value: number; epoch: number; params: Float64Array };
  sinceBest: number;
  rollbacks: number;
  history: HistoryEntry[];
  events: string[];
  /**
   * wall-clock seconds before the checkpoint, in checkpoints of earlier versions only: new ones
   * leave run times out, so the same run writes the same bytes
   */
  seconds?: number;
  /** a complete model file of the current parameters, when the caller supplies one */
  model?: unknown;
}

const FORMAT = "miann-checkpoint";

/** Serialises a checkpoint to JSON (non-finite numbers are written as strings). */
export function checkpointToJson(ck: TrainerCheckpoint): string {
  return JSON.stringify({ format: FORMAT, version: 1, ...ck }, (_key, value: unknown) => {
    if (value instanceof Float64Array) return Array.from(value);
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    return value;
  });
}

/** Writes a checkpoint atomically (a crash never leaves a half-written file). */
export function saveCheckpoint(path: string, ck: TrainerCheckpoint, options: WriteOptions = {}): void {
  writeFileAtomic(path, checkpointToJson(ck), options);
}

/** Parses a checkpoint; a file that is not one is a UserError naming the file and the problem. */
export function parseCheckpoint(text: string, file: string): TrainerCheckpoint {
  const raw = parseJsonText(text, file, "not a checkpoint: not valid JSON") as Record<string, unknown>;
  if (raw === null || typeof raw !== "object" || raw.format !== FORMAT) {
    throw new UserError(`${file}: not a miann checkpoint (expected "format": "${FORMAT}")`);
  }
  const num = (v: unknown, what: string): number => {
    const x = typeof v === "string" ? Number(v) : v;
    if (typeof x !== "number" || Number.isNaN(x) !== (v === "NaN")) {
      throw new UserError(`${file}: checkpoint field ${what} is not a number`);
    }
    return x;
  };
  const vec = (v: unknown, what: string): Float64Array => {
    if (!Array.isArray(v)) throw new UserError(`${file}: checkpoint field ${what} is not an array`);
    return Float64Array.from(v, (x, i) => num(x, `${what}[${i}]`));
  };
  const obj = (v: unknown, what: string): Record<string, unknown> => {
    if (v === null || typeof v !== "object")
      throw new UserError(`${file}: checkpoint field ${what} is missing`);
    return v as Record<string, unknown>;
  };
  const adamOf = (v: unknown, what: string): AdamState => {
    const a = obj(v, what);
    return { m: vec(a.m, `${what}.m`), v: vec(a.v, `${what}.v`), t: num(a.t, `${what}.t`) };
  };
  const spec = obj(raw.spec, "spec") as unknown as ModelSpec;
  const scaling = obj(raw.scaling, "scaling") as unknown as Scaling;
  const sched = obj(raw.schedule, "schedule");
  const best = obj(raw.best, "best");
  let lbfgs: LbfgsState | undefined;
  if (raw.lbfgs !== undefined) {
    const l = obj(raw.lbfgs, "lbfgs");
    lbfgs = {
      s: vec(l.s, "lbfgs.s"),
      y: vec(l.y, "lbfgs.y"),
      rho: vec(l.rho, "lbfgs.rho"),
      count: num(l.count, "lbfgs.count"),
      head: num(l.head, "lbfgs.head"),
      firstGradNorm: num(l.firstGradNorm, "lbfgs.firstGradNorm"),
    };
  }
  return {
    spec,
    scaling,
    params: vec(raw.params, "params"),
    epoch: epochOf(num(raw.epoch, "epoch"), file),
    settings: obj(raw.settings, "settings"),
    adam: adamOf(raw.adam, "adam"),
    schedule: {
      current: num(sched.current, "schedule.current"),
      best: num(sched.best, "schedule.best"),
      bad: num(sched.bad, "schedule.bad"),
      penalty: num(sched.penalty, "schedule.penalty"),
    },
    lbfgs,
    lastGood: vec(raw.lastGood, "lastGood"),
    lastGoodAdam: adamOf(raw.lastGoodAdam, "lastGoodAdam"),
    best: {
      value: num(best.value, "best.value"),
      epoch: num(best.epoch, "best.epoch"),
      params: vec(best.params, "best.params"),
    },
    sinceBest: num(raw.sinceBest, "sinceBest"),
    rollbacks: num(raw.rollbacks, "rollbacks"),
    history: (Array.isArray(raw.history) ? raw.history : []) as HistoryEntry[],
    events: (Array.isArray(raw.events) ? raw.events : []) as string[],
    seconds: raw.seconds === undefined ? undefined : num(raw.seconds, "seconds"),
    model: raw.model,
  };
}

/** Reads a checkpoint file (UserError when missing or not a checkpoint). */
export function loadCheckpoint(path: string): TrainerCheckpoint {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `${path}: cannot read the checkpoint (${code === "ENOENT" ? "no such file" : (code ?? String(err))})`,
    );
  }
  return parseCheckpoint(text, path);
}

/** the next epoch of a checkpoint: a non-negative integer (a corrupted -5 would repeat epochs) */
function epochOf(epoch: number, file: string): number {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new UserError(`${file}: checkpoint field epoch: expected an integer ≥ 0, got ${epoch}`);
  }
  return epoch;
}
