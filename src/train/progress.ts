import cliProgress from "cli-progress";
import type { TrainProgress } from "./trainer.js";

/**
 * Progress of a training run on the terminal: a cli-progress bar (epoch, train and validation
 * loss, ETA) when stderr is a TTY, plain lines at most every ~2 s otherwise, one JSON object per
 * line on stdout with --json, nothing with --quiet.
 */
export type ProgressMode = "bar" | "lines" | "json" | "quiet";

export interface ProgressReporter {
  update(p: TrainProgress): void;
  /** prints an event line without breaking the bar */
  event(message: string): void;
  stop(): void;
}

export function progressMode(options: { quiet?: boolean; json?: boolean }): ProgressMode {
  if (options.json) return "json";
  if (options.quiet) return "quiet";
  return process.stderr.isTTY ? "bar" : "lines";
}

/** widest text of one field: "1.234e-10", a phase name, an ETA such as "1h23m" */
const WIDTH = { loss: 9, phase: 5, eta: 6 };

/**
 * The bar's format and width for a terminal of `columns` columns: the full line (bar up to 40
 * characters) when it fits, else a compact one, so that val and ETA are never cut off (the bar does
 * not wrap). Every line it can print is at most `columns − 1` characters.
 */
export function barLayout(columns: number, epochs: number, prefix = ""): { format: string; barsize: number } {
  const digits = String(epochs).length;
  const full = `${prefix}{bar} epoch {value}/{total} | {phase} | train {train} | val {val} | ETA {eta_formatted}`;
  const compact = `${prefix}{bar} {value}/{total} {phase} {train} {val} ETA {eta_formatted}`;
  const text = (format: string) =>
    format
      .replace("{bar}", "")
      .replace("{value}", "9".repeat(digits))
      .replace("{total}", "9".repeat(digits))
      .replace("{phase}", "x".repeat(WIDTH.phase))
      .replace("{train}", "x".repeat(WIDTH.loss))
      .replace("{val}", "x".repeat(WIDTH.loss))
      .replace("{eta_formatted}", "x".repeat(WIDTH.eta)).length;
  const room = columns - 1 - text(full);
  if (room >= 10) return { format: full, barsize: Math.min(40, room) };
  return { format: compact, barsize: Math.max(3, Math.min(40, columns - 1 - text(compact))) };
}

export function createProgressReporter(mode: ProgressMode, label = ""): ProgressReporter {
  const fmt = (v: number | undefined): string => (v === undefined ? "-" : v.toExponential(3));
  if (mode === "json") {
    return {
      update: (p) =>
        process.stdout.write(`${JSON.stringify({ type: "progress", label: label || undefined, ...p })}\n`),
      event: (message) =>
        process.stdout.write(`${JSON.stringify({ type: "event", label: label || undefined, message })}\n`),
      stop: () => {},
    };
  }
  if (mode === "quiet") {
    return { update: () => {}, event: () => {}, stop: () => {} };
  }
  const prefix = label ? `${label}: ` : "";
  if (mode === "lines") {
    let lastPrint = Number.NEGATIVE_INFINITY;
    return {
      update: (p) => {
        const now = performance.now();
        if (now - lastPrint < 2000 && p.epoch !== 1 && p.epoch !== p.epochs) return;
        lastPrint = now;
        process.stderr.write(
          `${prefix}epoch ${p.epoch}/${p.epochs} ${p.phase} train ${fmt(p.train)} val ${fmt(p.val)} ${p.seconds.toFixed(1)} s\n`,
        );
      },
      event: (message) => process.stderr.write(`${prefix}${message}\n`),
      stop: () => {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  const makeBar = (epochs: number) =>
    new cliProgress.SingleBar(
      {
        // sized to the terminal when the run starts (a fixed 40-character bar cut val and ETA off)
        ...barLayout(process.stderr.columns || 80, epochs, prefix),
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
  let started = false;
  return {
    update: (p) => {
      const payload = { phase: p.phase, train: fmt(p.train), val: fmt(p.val) };
      if (!started) {
        bar = makeBar(p.epochs);
        bar.start(p.epochs, p.epoch, payload);
        started = true;
      } else bar?.update(p.epoch, payload);
    },
    event: (message) => {
      if (started) {
        bar?.stop();
        started = false;
      }
      process.stderr.write(`${prefix}${message}\n`);
    },
    stop: () => {
      if (started) bar?.stop();
      started = false;
    },
  };
}
