import type { Dataset } from "../data/dataset.js";
import { gatherMaskRows } from "../data/mask.js";
import { familyOf } from "../model/families/index.js";
import type { HistoryEntry, Model, SplitMetrics, TrainingRecord } from "../model/types.js";
import { UserError } from "../util/errors.js";
import { nextTurn } from "../util/next-turn.js";
import { Random } from "../util/random.js";
import { bytesOf, sha256Hex } from "../util/sha256.js";
import { Adam, type AdamState } from "./adam.js";
import type { TrainerCheckpoint } from "./checkpoint.js";
import { dataMinStiffness, type QuadraticTermDiagnostic, quadraticTermDiagnostic } from "./diagnostic.js";
import { Lbfgs } from "./lbfgs.js";
import { splitMetrics } from "./metrics.js";
import { observedLossAndGradient, type RowObservation } from "./observed-loss.js";
import { LearningRateSchedule, type ScheduleKind } from "./schedule.js";
import { lossSigma } from "./sigma.js";
import { gatherRows, gatherRowsInto, type SplitIndices, splitIndices } from "./split.js";

/**
 * The trainer: one loop for every model kind, through `Model.lossAndGradient` only (so it does not
 * care which kernels compute it). Seeded train/validation/test split, σ from the training split
 * (docs/theory.md, section "The loss"), Adam (with a schedule) and/or L-BFGS, full batch or mini-batches, the best
 * validation parameters kept, rollback on a non-finite loss, checkpoints that resume bit for bit.
 */

export type OptimizerKind = "adam" | "lbfgs" | "adam+lbfgs";

export interface TrainOptions {
  /**
   * Adam on mini-batches with a cosine schedule (docs/theory.md, section "The training trap of the
   * quadratic term"), L-BFGS, or Adam then L-BFGS to polish; default: defaultRecipe()
   */
  optimizer?: OptimizerKind;
  /** total budget: Adam epochs plus L-BFGS iterations; default: defaultRecipe() (220 or 600) */
  epochs?: number;
  /** share of the budget given to Adam in "adam+lbfgs"; default 0.75 */
  adamFraction?: number;
  /** Adam's initial learning rate; default 0.02 */
  lr?: number;
  /** default "cosine" */
  schedule?: ScheduleKind;
  /** floor of the cosine/plateau schedule; default lr/100 */
  minLr?: number;
  /**
   * the fraction of the Adam epochs held at `lr` before the cosine decay starts (it then still
   * reaches minLr at the last Adam epoch); default: defaultRecipe() (0.3 or 0)
   */
  lrHold?: number;
  /** Adam's second-moment decay β₂; default: defaultRecipe() (0.98 or 0.999) */
  adamBeta2?: number;
  /** mini-batch size for Adam; 0 or ≥ the training rows = full batch; default: defaultRecipe() (48 or 64) */
  batch?: number;
  /** seeds the split and the batch order; default 1 */
  seed?: number;
  /**
   * validation and test fractions; default 0.15 each, but 0 (train on every row, early stopping on
   * the training loss) for test curves and any data set under SMALL_DATA rows
   */
  val?: number;
  test?: number;
  /** seeds the split only (default: seed), so restarts with other seeds share one split */
  splitSeed?: number;
  /** stop after this many epochs without a better validation loss; default max(200, epochs/4) */
  patience?: number;
  /** L-BFGS memory; default 10 */
  lbfgsMemory?: number;
  /** worker threads for the kernels (passed through; the caller wires the backend) */
  threads?: number;
  /** calls onCheckpoint every K epochs (and on interruption); 0 = never */
  checkpointEvery?: number;
  onCheckpoint?: (ck: TrainerCheckpoint) => void;
  /** continue from this checkpoint (its parameters are copied into the model) */
  resume?: TrainerCheckpoint;
  /** called after every epoch */
  onProgress?: (p: TrainProgress) => void;
  /** called with one line for each notable event (a rollback, a phase change, a stop) */
  onEvent?: (message: string) => void;
  /** at most this many history entries are kept (evenly thinned); default 1000 */
  historyLimit?: number;
  /** stored in the training record (file name, rows, reference law) */
  dataInfo?: Record<string, unknown>;
}

/**
 * Epochs count from 1 wherever a user sees them (progress, history, bestEpoch, the CLI's text and
 * JSON): epoch k is the k-th epoch completed; bestEpoch 0 would mean the initial parameters.
 */
export interface TrainProgress {
  /** the epoch just completed, from 1 */
  epoch: number;
  epochs: number;
  phase: "adam" | "lbfgs";
  train: number;
  val?: number;
  lr?: number;
  seconds: number;
  bestEpoch: number;
}

export type StopReason = "completed" | "early-stop" | "converged" | "interrupted" | "diverged";

export interface TrainResult {
  /** what the model file keeps (settings, σ, history, metrics, diagnostic) */
  record: TrainingRecord & { diagnostic?: QuadraticTermDiagnostic; stopped?: StopReason };
  stopped: StopReason;
  /** epochs run in total (including those before a resume) */
  epochs: number;
  bestEpoch: number;
  sigma: Float64Array;
  split: SplitIndices;
  metrics: { train: SplitMetrics; val?: SplitMetrics; test?: SplitMetrics };
  diagnostic?: QuadraticTermDiagnostic;
  events: string[];
  seconds: number;
  /** the training loss of the kept parameters (what restarts compare) */
  trainLoss: number;
}

/** below this many rows (and for test curves) the default is to train on every row */
export const SMALL_DATA = 300;

/** the default validation/test fraction for a data set: 0 for small data and test curves */
export function defaultHoldOut(data: Dataset): number {
  return data.tests !== undefined || data.n < SMALL_DATA ? 0 : DEFAULTS.val;
}

export interface Recipe {
  optimizer: OptimizerKind;
  epochs: number;
  batch: number;
  /** Adam's β₂ */
  adamBeta2: number;
  /** the fraction of the Adam epochs at the initial learning rate before the cosine decay */
  lrHold: number;
}

/** Adam's usual β₂ (Kingma & Ba), kept by every recipe but the fast one */
export const ADAM_BETA2 = 0.999;

/**
 * The default optimiser, budget, mini-batch, Adam β₂ and learning-rate hold of a run. For a miann
 * model on an ordinary data set (SMALL_DATA rows or more, no test curves): Adam alone, 220 epochs
 * of mini-batches of 48 with β₂ = 0.98, the learning rate held at its initial value for the first
 * 30 % of the epochs and then cosine-decayed; measured to fit the fabric data below 2 % on the test
 * split and on unseen loading paths of four fabric parameter sets in about 2 s (README, "How the
 * defaults were chosen"; `npm run bench:generalization` measures it). Small data, test curves and
 * the other model kinds keep the longer recipe they were tuned with: Adam (β₂ = 0.999, no hold)
 * for three quarters of 600 epochs on batches of 64, then L-BFGS.
 */
export function defaultRecipe(kind: string, data: Dataset): Recipe {
  const ordinary = data.tests === undefined && data.n >= SMALL_DATA;
  if (kind === "miann" && ordinary)
    return { optimizer: "adam", epochs: 220, batch: 48, adamBeta2: 0.98, lrHold: 0.3 };
  return { optimizer: "adam+lbfgs", epochs: 600, batch: 64, adamBeta2: ADAM_BETA2, lrHold: 0 };
}

/** A handle the async driver uses to ask the loop to stop at the next epoch boundary. */
export interface StopSignal {
  aborted: boolean;
}

const DEFAULTS = {
  adamFraction: 0.75,
  lr: 0.02,
  schedule: "cosine" as ScheduleKind,
  seed: 1,
  val: 0.15,
  test: 0.15,
  lbfgsMemory: 10,
  historyLimit: 1000,
};

/** Trains synchronously to the end. The model's parameters end as the best validation ones. */
export function train(model: Model, data: Dataset, options: TrainOptions = {}): TrainResult {
  const loop = trainingLoop(model, data, options, { aborted: false });
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
  }
}

/**
 * Trains, giving the event loop a turn every ~50 ms so that SIGINT handlers and progress output
 * run. When `signal.aborted` becomes true the loop stops at the next epoch boundary, calls
 * onCheckpoint (if set) and returns with stopped = "interrupted".
 */
export async function trainAsync(
  model: Model,
  data: Dataset,
  options: TrainOptions = {},
  signal: StopSignal = { aborted: false },
): Promise<TrainResult> {
  const loop = trainingLoop(model, data, options, signal);
  let last = performance.now();
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
    const now = performance.now();
    if (now - last > 50) {
      await nextTurn();
      last = performance.now();
    }
  }
}

/** the settings that define a run; a resume must match them */
function runSettings(model: Model, data: Dataset, o: TrainOptions) {
  // a family may have measured defaults of its own (the polyconvex family does); else the recipe
  // measured for the data at hand (small data and test curves differ from ordinary data sets)
  const family = familyOf(model.spec.kind)?.training;
  const recipe = defaultRecipe(model.spec.kind, data);
  const epochs = o.epochs ?? family?.epochs ?? recipe.epochs;
  const optimizer = o.optimizer ?? family?.optimizer ?? recipe.optimizer;
  if (!["adam", "lbfgs", "adam+lbfgs"].includes(optimizer)) {
    throw new UserError(`unknown optimizer "${optimizer}": expected adam, lbfgs or adam+lbfgs`);
  }
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new UserError(`epochs must be a positive integer, got ${epochs}`);
  const lr = o.lr ?? DEFAULTS.lr;
  if (!(lr > 0)) throw new UserError(`learning rate must be positive, got ${lr}`);
  const adamFraction = o.adamFraction ?? family?.adamFraction ?? DEFAULTS.adamFraction;
  const adamEpochs =
    optimizer === "adam" ? epochs : optimizer === "lbfgs" ? 0 : Math.round(epochs * adamFraction);
  const batch = o.batch ?? family?.batch ?? recipe.batch;
  if (!Number.isInteger(batch) || batch < 0)
    throw new UserError(`batch must be a non-negative integer, got ${batch}`);
  const adamBeta2 = o.adamBeta2 ?? recipe.adamBeta2;
  if (!(adamBeta2 > 0 && adamBeta2 < 1)) throw new UserError(`Adam's β₂ must be in (0, 1), got ${adamBeta2}`);
  const lrHold = o.lrHold ?? recipe.lrHold;
  if (!(lrHold >= 0 && lrHold < 1))
    throw new UserError(`the learning-rate hold must be in [0, 1), got ${lrHold}`);
  return {
    kind: model.spec.kind,
    hidden: model.spec.hidden.join(","),
    optimizer,
    epochs,
    adamEpochs,
    lr,
    schedule: o.schedule ?? DEFAULTS.schedule,
    minLr: o.minLr ?? lr / 100,
    // only when they differ from the recipe of earlier versions (β₂ 0.999, no hold), so their
    // checkpoints still resume
    ...(lrHold !== 0 ? { lrHold } : {}),
    batch,
    ...(adamBeta2 !== ADAM_BETA2 ? { adamBeta2 } : {}),
    seed: o.seed ?? DEFAULTS.seed,
    val: o.val ?? defaultHoldOut(data),
    test: o.test ?? defaultHoldOut(data),
    // only when it differs from the seed (restarts), so earlier checkpoints still resume
    ...(o.splitSeed !== undefined && o.splitSeed !== (o.seed ?? DEFAULTS.seed)
      ? { splitSeed: o.splitSeed }
      : {}),
    patience: o.patience ?? Math.max(200, Math.ceil(epochs / 4)),
    lbfgsMemory: o.lbfgsMemory ?? DEFAULTS.lbfgsMemory,
    rows: data.n,
    data: dataFingerprint(data),
  };
}

/** a short hash of the strain and stress values, so a resume on other data is refused */
function dataFingerprint(data: Dataset): string {
  const parts = [bytesOf(data.strain), bytesOf(data.stress)];
  if (data.mask) parts.push(data.mask);
  const observations = (data.observations ?? []).map(
    (o) => `${o.row}:${o.h.join(",")}:${o.value}:${o.column};`,
  );
  if (observations.length > 0) parts.push(new TextEncoder().encode(observations.join("")));
  return sha256Hex(...parts).slice(0, 16);
}

function* trainingLoop(
  model: Model,
  data: Dataset,
  options: TrainOptions,
  signal: StopSignal,
): Generator<void, TrainResult, void> {
  const started = performance.now();
  const d = model.dim;
  if (data.dim !== d) {
    throw new UserError(`the data have ${data.dim} strain components but the model expects ${d}`);
  }
  const settings = runSettings(model, data, options);
  const { epochs, adamEpochs, seed } = settings;
  const split = splitIndices(data.n, {
    val: settings.val,
    test: settings.test,
    seed: settings.splitSeed ?? seed,
  });
  const trX = gatherRows(data.strain, d, split.train);
  const trY = gatherRows(data.stress, d, split.train);
  const vaX = gatherRows(data.strain, d, split.val);
  const vaY = gatherRows(data.stress, d, split.val);
  // unknown stress components (mask 0) are left out of σ, the loss, validation and the metrics
  const trM = gatherMaskRows(data.mask, d, split.train);
  const vaM = gatherMaskRows(data.mask, d, split.val);
  const nTr = split.train.length;
  const nVa = split.val.length;
  // observations (simple shear's P12 = S12 + γ S22) by split-local row
  const localObs = (rows: Uint32Array): RowObservation[][] => {
    const at = new Map<number, number>();
    for (let i = 0; i < rows.length; i++) at.set(rows[i], i);
    const out: RowObservation[][] = Array.from({ length: rows.length }, () => []);
    for (const o of data.observations ?? []) {
      const i = at.get(o.row);
      if (i !== undefined) out[i].push({ row: i, h: o.h, value: o.value, column: o.column });
    }
    return out;
  };
  const trObsByRow = localObs(split.train);
  const vaObsByRow = localObs(split.val);
  const trObs = trObsByRow.flat();
  const hasObservations = trObs.length > 0;
  const vaObs = vaObsByRow.flat();
  // an observation's value counts towards its column's σ (simple shear alone gives S12 none else)
  const extra: number[][] = Array.from({ length: d }, () => []);
  for (const o of trObs) extra[o.column].push(o.value);
  const { sigma, constant } = lossSigma(trY, nTr, d, trM, data.names?.stress, false, extra);
  const lossOf = (
    x: Float64Array,
    y: Float64Array,
    n: number,
    g: Float64Array,
    m: Uint8Array | undefined,
    obs: RowObservation[],
  ) =>
    obs.length === 0
      ? model.lossAndGradient(x, y, n, sigma, g, m)
      : observedLossAndGradient(model, x, y, n, sigma, g, m, obs);
  const P = model.params.length;
  const params = model.params;
  const grad = new Float64Array(P);
  const adam = new Adam(P, { beta2: settings.adamBeta2 ?? ADAM_BETA2 });
  const schedule = new LearningRateSchedule({
    kind: settings.schedule,
    lr: settings.lr,
    epochs: Math.max(1, adamEpochs),
    minLr: settings.minLr,
    hold: settings.lrHold ?? 0,
  });
  const lbfgs = new Lbfgs(P, { memory: settings.lbfgsMemory });
  let lastGood = Float64Array.from(params);
  const lastGoodAdam: AdamState = adam.state;
  const best = { value: Number.POSITIVE_INFINITY, epoch: -1, params: Float64Array.from(params) };
  let sinceBest = 0;
  let rollbacks = 0;
  let history: HistoryEntry[] = [];
  const events: string[] = [];
  let epoch = 0;
  let secondsBefore = 0;
  const note = (msg: string): void => {
    events.push(msg);
    options.onEvent?.(msg);
  };
  if (constant.length > 0 && !options.resume) {
    const names = constant.map((k) => data.names?.stress[k] ?? `${k + 1}`);
    note(
      `stress ${names.join(", ")} constant over the training rows: weighted by the other columns' σ (${Number(sigma[constant[0]].toPrecision(4))})`,
    );
  }

  if (options.resume) {
    const ck = options.resume;
    for (const [key, value] of Object.entries(settings)) {
      if (ck.settings[key] !== value && key === "data") {
        throw new UserError("the checkpoint was made on other data (the strain and stress values differ)");
      }
      if (ck.settings[key] !== value) {
        throw new UserError(
          `the checkpoint was made with ${key} = ${String(ck.settings[key])}, this run has ${String(value)}`,
        );
      }
    }
    if (ck.params.length !== P)
      throw new UserError(`the checkpoint has ${ck.params.length} parameters, the model ${P}`);
    const vectors = [ck.adam.m, ck.adam.v, ck.lastGood, ck.lastGoodAdam.m, ck.lastGoodAdam.v, ck.best.params];
    if (vectors.some((v) => v.length !== P) || (ck.lbfgs && ck.lbfgs.s.length !== settings.lbfgsMemory * P)) {
      throw new UserError(
        `the checkpoint's optimiser state does not fit a model of ${P} parameters (corrupt checkpoint)`,
      );
    }
    params.set(ck.params);
    adam.state = ck.adam;
    schedule.state = ck.schedule;
    if (ck.lbfgs) lbfgs.state = ck.lbfgs;
    lastGood = Float64Array.from(ck.lastGood);
    lastGoodAdam.m.set(ck.lastGoodAdam.m);
    lastGoodAdam.v.set(ck.lastGoodAdam.v);
    lastGoodAdam.t = ck.lastGoodAdam.t;
    best.value = ck.best.value;
    best.epoch = ck.best.epoch;
    best.params.set(ck.best.params);
    sinceBest = ck.sinceBest;
    rollbacks = ck.rollbacks;
    history = [...ck.history];
    events.push(...ck.events);
    epoch = ck.epoch;
    secondsBefore = ck.seconds ?? 0;
  }
  const elapsed = (): number => secondsBefore + (performance.now() - started) / 1000;
  const snapshot = (): TrainerCheckpoint => ({
    spec: model.spec,
    scaling: model.scaling,
    params: Float64Array.from(params),
    epoch,
    settings: { ...settings },
    adam: adam.state,
    schedule: schedule.state,
    lbfgs: epoch >= adamEpochs ? lbfgs.state : undefined,
    lastGood: Float64Array.from(lastGood),
    lastGoodAdam: { m: lastGoodAdam.m.slice(), v: lastGoodAdam.v.slice(), t: lastGoodAdam.t },
    best: { value: best.value, epoch: best.epoch, params: Float64Array.from(best.params) },
    sinceBest,
    rollbacks,
    history: [...history],
    events: [...events],
  });
  const historyStride = Math.max(1, Math.ceil(epochs / (options.historyLimit ?? DEFAULTS.historyLimit)));
  const fullBatch = settings.batch === 0 || settings.batch >= nTr;
  const batchSize = fullBatch ? nTr : settings.batch;
  const bX = fullBatch ? trX : new Float64Array(batchSize * d);
  const bY = fullBatch ? trY : new Float64Array(batchSize * d);
  const bM = trM === undefined ? undefined : fullBatch ? trM : new Uint8Array(batchSize * d);
  const order = new Uint32Array(nTr);
  const finite = (f: number, g: Float64Array): boolean => {
    if (!Number.isFinite(f)) return false;
    // x − x is 0 for every finite x and NaN for ±∞ and NaN: sums, no branch per entry (four of
    // them, so that the additions do not wait on each other)
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const n = g.length;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += g[i] - g[i];
      s1 += g[i + 1] - g[i + 1];
      s2 += g[i + 2] - g[i + 2];
      s3 += g[i + 3] - g[i + 3];
    }
    for (; i < n; i++) s0 += g[i] - g[i];
    return s0 + s1 + s2 + s3 === 0;
  };
  /** undoes the step that led to a non-finite loss and lowers the learning rate */
  const rollback = (where: string): void => {
    rollbacks++;
    params.set(lastGood);
    adam.restoreState(lastGoodAdam);
    schedule.penalise(0.5);
    lbfgs.reset();
    note(
      `epoch ${epoch}: non-finite loss or gradient ${where}; restored the last good parameters, step halved`,
    );
  };
  /** the loss of docs/theory.md, section "The loss" on the validation rows, from the stress alone (no gradient needed) */
  const vaPred = new Float64Array(nVa * d);
  const validationLoss = (): number => {
    model.evaluate(vaX, nVa, { stress: vaPred });
    return predictedValidationLoss();
  };
  /** the validation loss from the stress in vaPred */
  const predictedValidationLoss = (): number => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < nVa; i++) {
      for (let k = 0; k < d; k++) {
        if (vaM !== undefined && vaM[i * d + k] === 0) continue;
        const r = (vaPred[i * d + k] - vaY[i * d + k]) / sigma[k];
        sum += r * r;
        count++;
      }
    }
    for (const o of vaObs) {
      let hs = 0;
      for (let k = 0; k < d; k++) hs += o.h[k] * vaPred[o.row * d + k];
      sum += ((hs - o.value) / sigma[o.column]) ** 2;
      count++;
    }
    return count > 0 ? sum / count : 0;
  };
  /**
   * The early-stopping bookkeeping of a validation loss (or the training loss) of parameters `at`;
   * `after`: how many epochs they have had (the bestEpoch users see).
   */
  const judge = (trainLoss: number, after: number, val: number | undefined, at: Float64Array): void => {
    const monitor = val ?? trainLoss;
    if (monitor < best.value) {
      best.value = monitor;
      best.epoch = after;
      best.params.set(at);
      sinceBest = 0;
    } else sinceBest++;
  };
  const validate = (trainLoss: number, after: number): number | undefined => {
    const val = nVa > 0 ? validationLoss() : undefined;
    judge(trainLoss, after, val, params);
    return val;
  };
  /** `at`: the (0-based) epoch the record is of */
  const record = (
    phase: "adam" | "lbfgs",
    trainLoss: number,
    val: number | undefined,
    lr?: number,
    at = epoch,
  ): void => {
    const seconds = elapsed();
    if (at % historyStride === 0 || at === epochs - 1) {
      // no wall-clock time in the history: it goes into the model file, which must be the same
      // bytes for the same command (README, "Model file")
      const entry: HistoryEntry = { epoch: at + 1, train: trainLoss, optimizer: phase };
      if (val !== undefined) entry.val = val;
      if (lr !== undefined) entry.lr = lr;
      history.push(entry);
    }
    options.onProgress?.({
      epoch: at + 1,
      epochs,
      phase,
      train: trainLoss,
      val,
      lr,
      seconds,
      bestEpoch: best.epoch,
    });
  };

  let stopped: StopReason = "completed";
  const every = options.checkpointEvery ?? 0;
  // L-BFGS works on its own copy of θ; each objective call loads the trial point into the model
  const theta = new Float64Array(P);
  const objective = (x: Float64Array, g: Float64Array): number => {
    params.set(x);
    return lossOf(trX, trY, nTr, g, trM, trObs);
  };
  let lbfgsValue = Number.NaN;
  let lbfgsReady = false;

  const stopTest = (done: number): boolean => {
    if (sinceBest > settings.patience) {
      note(`epoch ${done}: no better validation loss for ${settings.patience} epochs; stopping early`);
      stopped = "early-stop";
      return true;
    }
    return false;
  };
  // The validation of a mini-batch epoch runs on another thread while the next epoch trains
  // (Model.evaluateStressLater: 5-6 % of a default run). It is collected after that epoch's
  // batches, and its bookkeeping (best parameters, progress record, the stop test) is done then
  // with the numbers and in the order a validation on the spot gives: same parameters, history and
  // events as a run that waits for it. Not with the plateau schedule, whose learning rate follows
  // each validation at once.
  const pipelined =
    !fullBatch && nVa > 0 && settings.schedule !== "plateau" && model.evaluateStressLater !== undefined;
  let pending: { finish: () => void; trainLoss: number; lr: number; at: number } | undefined;
  const pendingParams = new Float64Array(P);
  /** collects the pending validation and does its epoch's bookkeeping; true: the run stops there */
  const settle = (): boolean => {
    const p = pending;
    if (p === undefined) return false;
    pending = undefined;
    p.finish();
    const val = predictedValidationLoss();
    judge(p.trainLoss, p.at + 1, val, pendingParams);
    record("adam", p.trainLoss, val, p.lr, p.at);
    schedule.observe(val);
    return stopTest(p.at + 1);
  };

  while (epoch < epochs) {
    // a mini-batch Adam epoch collects the previous one's validation after its batches
    if (pending && (signal.aborted || fullBatch || epoch >= adamEpochs) && settle()) break;
    if (signal.aborted) {
      stopped = "interrupted";
      break;
    }
    if (epoch < adamEpochs) {
      const lr = schedule.rate(epoch);
      let trainLoss: number;
      let ok = true;
      let halted = false;
      if (fullBatch) {
        trainLoss = lossOf(trX, trY, nTr, grad, trM, trObs);
        if (!finite(trainLoss, grad)) {
          rollback("(Adam)");
          ok = false;
        } else {
          lastGood.set(params);
          adam.copyStateInto(lastGoodAdam);
        }
      } else {
        trainLoss = 0;
        for (let i = 0; i < nTr; i++) order[i] = i;
        new Random((seed * 0x9e3779b1 + epoch) >>> 0).shuffle(order);
        for (let start = 0; start < nTr; start += batchSize) {
          const m = Math.min(batchSize, nTr - start);
          const bObs: RowObservation[] = [];
          for (let i = 0; i < m; i++) {
            // (iterating an empty array per row cost ~4 µs a batch, 3 % of a default run)
            if (hasObservations) for (const o of trObsByRow[order[start + i]]) bObs.push({ ...o, row: i });
            if (bM !== undefined && trM !== undefined) {
              const src = order[start + i] * d;
              for (let k = 0; k < d; k++) bM[i * d + k] = trM[src + k];
            }
          }
          gatherRowsInto(bX, trX, d, order, start, m);
          gatherRowsInto(bY, trY, d, order, start, m);
          const f = lossOf(bX, bY, m, grad, bM, bObs);
          if (!finite(f, grad)) {
            // the previous epoch's bookkeeping first: it may stop the run before this epoch
            if (settle()) {
              halted = true;
              break;
            }
            rollback("(Adam mini-batch)");
            ok = false;
            break;
          }
          lastGood.set(params);
          adam.copyStateInto(lastGoodAdam);
          trainLoss += (f * m) / nTr;
          adam.step(params, grad, schedule.rate(epoch));
        }
      }
      if (halted) break;
      if (!ok) {
        if (rollbacks > 30) {
          note("training diverged: more than 30 non-finite steps; kept the best parameters so far");
          stopped = "diverged";
          break;
        }
        epoch++;
        yield;
        continue;
      }
      if (settle()) break; // the previous epoch stops the run: this one does not count
      if (pipelined) {
        pendingParams.set(params);
        const finish = model.evaluateStressLater?.(vaX, nVa, vaPred);
        if (finish) pending = { finish, trainLoss, lr, at: epoch };
      }
      if (!pending) {
        // full batch: the parameters before this epoch's step; mini-batches: after this epoch's steps
        const val = validate(trainLoss, fullBatch ? epoch : epoch + 1);
        record("adam", trainLoss, val, lr);
        if (fullBatch) adam.step(params, grad, lr);
        schedule.observe(val ?? trainLoss);
      }
    } else {
      if (!lbfgsReady) {
        if (epoch === adamEpochs && adamEpochs > 0) note(`epoch ${epoch}: switching to L-BFGS`);
        theta.set(params);
        lbfgsValue = objective(theta, grad);
        lbfgsReady = true;
        if (!finite(lbfgsValue, grad)) {
          rollback("(L-BFGS start)");
          theta.set(params);
          lbfgsValue = objective(theta, grad);
          if (!finite(lbfgsValue, grad)) {
            stopped = "diverged";
            break;
          }
        }
      }
      const trainLoss = lbfgsValue;
      params.set(theta);
      lastGood.set(theta);
      const val = validate(trainLoss, epoch); // the parameters before this iteration
      record("lbfgs", trainLoss, val);
      const r = lbfgs.iterate(theta, lbfgsValue, grad, objective);
      params.set(theta);
      lbfgsValue = r.value;
      if (r.status === "reset") note(`epoch ${epoch}: L-BFGS line search failed; memory cleared`);
      if (r.status === "converged" || r.status === "failed") {
        epoch++;
        note(
          `epoch ${epoch}: L-BFGS ${r.status === "converged" ? "converged (relative tests)" : "found no further decrease"}`,
        );
        // the final point has not been validated yet
        validate(lbfgsValue, epoch);
        stopped = "converged";
        break;
      }
    }
    epoch++;
    // (a pending validation takes its stop test with it)
    if (!pending && stopTest(epoch)) break;
    if (every > 0 && epoch % every === 0 && epoch < epochs && options.onCheckpoint) {
      if (settle()) break;
      options.onCheckpoint(snapshot());
    }
    yield;
  }
  // the last epoch's validation, if it ran on another thread
  settle();
  if (stopped === "completed") {
    // validate the final parameters too (the loop validated before each step)
    const f = lossOf(trX, trY, nTr, grad, trM, trObs);
    if (Number.isFinite(f)) validate(f, epoch);
  }
  if (stopped === "interrupted") {
    events.push(`interrupted at epoch ${epoch}`);
    options.onCheckpoint?.(snapshot());
  }
  params.set(best.params);
  const trainLoss = lossOf(trX, trY, nTr, grad, trM, trObs);
  const teX = gatherRows(data.strain, d, split.test);
  const teY = gatherRows(data.stress, d, split.test);
  const teM = gatherMaskRows(data.mask, d, split.test);
  const metrics: TrainResult["metrics"] = { train: splitMetrics(model, trX, trY, nTr, sigma, trM) };
  if (nVa > 0) metrics.val = splitMetrics(model, vaX, vaY, nVa, sigma, vaM);
  if (split.test.length > 0) metrics.test = splitMetrics(model, teX, teY, split.test.length, sigma, teM);
  const diagnostic = quadraticTermDiagnostic(model, knownRowsStiffness(trX, trY, nTr, d, trM));
  // kept with the events; the caller prints diagnostic.warning with its summary
  if (diagnostic?.warning) events.push(`warning: ${diagnostic.warning}`);
  const seconds = elapsed();
  const trainingRecord: TrainResult["record"] = {
    settings: { ...settings, threads: options.threads },
    sigma: Array.from(sigma),
    history,
    metrics,
    bestEpoch: best.epoch,
    stopped,
  };
  if (options.dataInfo) trainingRecord.data = options.dataInfo;
  if (diagnostic) trainingRecord.diagnostic = diagnostic;
  return {
    record: trainingRecord,
    stopped,
    epochs: epoch,
    bestEpoch: best.epoch,
    sigma,
    split,
    metrics,
    diagnostic,
    events,
    seconds,
    trainLoss,
  };
}

/** the data's local stiffness (diagnostic.ts) from the rows whose stress is fully known */
function knownRowsStiffness(
  strain: Float64Array,
  stress: Float64Array,
  n: number,
  d: number,
  mask: Uint8Array | undefined,
): number[] {
  if (mask === undefined) return dataMinStiffness(strain, stress, n, d);
  const rows: number[] = [];
  for (let m = 0; m < n; m++) {
    let all = true;
    for (let k = 0; k < d; k++) if (mask[m * d + k] === 0) all = false;
    if (all) rows.push(m);
  }
  const idx = Uint32Array.from(rows);
  return dataMinStiffness(gatherRows(strain, d, idx), gatherRows(stress, d, idx), rows.length, d);
}
