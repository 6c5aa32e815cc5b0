/**
 * Learning-rate schedules for Adam (docs/theory.md, section "The training trap of the quadratic term": a cosine decay from 2e-2 is what lets the convex
 * network form the sharp units the locking curve needs). A schedule is a small state machine so
 * that a checkpoint can store it and a resumed run continues exactly.
 */
import { cospi } from "../util/portable-math.js";

export type ScheduleKind = "constant" | "cosine" | "plateau";

export interface ScheduleOptions {
  kind: ScheduleKind;
  /** initial (peak) learning rate */
  lr: number;
  /** number of epochs the schedule spans (cosine reaches its floor at this epoch) */
  epochs: number;
  /** floor of the cosine and plateau schedules; default lr / 100 */
  minLr?: number;
  /**
   * cosine: the fraction of `epochs` held at `lr` before the decay starts (the decay then spans the
   * remaining epochs and still reaches minLr at `epochs`); default 0
   */
  hold?: number;
  /** plateau: factor applied to the rate on a plateau; default 0.5 */
  factor?: number;
  /** plateau: epochs without a relative improvement of 1e-4 before the rate drops; default 50 */
  patience?: number;
}

export interface ScheduleState {
  /** plateau: the rate in force */
  current: number;
  /** plateau: best monitored loss so far */
  best: number;
  /** plateau: epochs since the last improvement */
  bad: number;
  /** an extra factor (≤ 1) applied after a non-finite step was rolled back */
  penalty: number;
}

export class LearningRateSchedule {
  readonly options: Required<ScheduleOptions>;
  private s: ScheduleState;

  constructor(options: ScheduleOptions) {
    if (!(options.lr > 0)) throw new RangeError(`learning rate must be positive, got ${options.lr}`);
    const hold = options.hold ?? 0;
    if (!(hold >= 0 && hold < 1)) throw new RangeError(`hold must be in [0, 1), got ${hold}`);
    this.options = {
      minLr: options.lr / 100,
      factor: 0.5,
      patience: 50,
      ...options,
      // the checked value (an explicit `hold: undefined` would otherwise make every rate NaN)
      hold,
    };
    this.s = { current: options.lr, best: Number.POSITIVE_INFINITY, bad: 0, penalty: 1 };
  }

  /** the learning rate to use in the given (0-based) epoch */
  rate(epoch: number): number {
    const { kind, lr, epochs, minLr, hold } = this.options;
    let r: number;
    if (kind === "constant") r = lr;
    else if (kind === "cosine") {
      // the first round(hold·epochs) epochs at lr, then the cosine over the rest
      const held = Math.round(hold * epochs);
      const t = Math.min(1, Math.max(0, epoch - held) / Math.max(1, epochs - held));
      r = minLr + 0.5 * (lr - minLr) * (1 + cospi(t));
    } else r = this.s.current;
    return r * this.s.penalty;
  }

  /** tells the plateau schedule the monitored loss of the epoch just finished */
  observe(loss: number): void {
    if (this.options.kind !== "plateau" || !Number.isFinite(loss)) return;
    if (loss < this.s.best * (1 - 1e-4)) {
      this.s.best = loss;
      this.s.bad = 0;
    } else if (++this.s.bad > this.options.patience) {
      this.s.current = Math.max(this.options.minLr, this.s.current * this.options.factor);
      this.s.bad = 0;
    }
  }

  /** lowers every future rate by `factor` (used after a non-finite loss was rolled back) */
  penalise(factor: number): void {
    this.s.penalty *= factor;
  }

  get state(): ScheduleState {
    return { ...this.s };
  }

  set state(s: ScheduleState) {
    this.s = { ...s };
  }
}
