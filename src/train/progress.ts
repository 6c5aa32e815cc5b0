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
  const bar = new cliProgress.SingleBar(
    {
      format: `${prefix}{bar} epoch {value}/{total} | {phase} | train {train} | val {val} | ETA {eta_formatted}`,
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
        bar.start(p.epochs, p.epoch, payload);
        started = true;
      } else bar.update(p.epoch, payload);
    },
    event: (message) => {
      if (started) {
        bar.stop();
        started = false;
      }
      process.stderr.write(`${prefix}${message}\n`);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
