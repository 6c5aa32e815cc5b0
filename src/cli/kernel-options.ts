import { availableParallelism } from "node:os";
import { type Command, Option } from "commander";
import type { KernelBackend } from "../kernels/index.js";
import { parseInteger } from "./parse-options.js";

export interface KernelCliOptions {
  threads?: string;
  backend?: string;
}

/** Adds --threads and --backend, the choice of network kernels, to a command. */
export function addKernelOptions(command: Command): Command {
  return command
    .option("--threads <n>", "threads for the network kernels (default: min(2, cores))")
    .addOption(
      new Option("--backend <name>", "network kernels: wasm (WebAssembly SIMD) or reference (TypeScript)")
        .choices(["wasm", "reference"])
        .default("wasm"),
    );
}

/** The parsed kernel choice; a bad --threads is a UserError. */
export function parseKernelOptions(
  opts: KernelCliOptions,
  rows?: number,
): { threads?: number; backend: KernelBackend } {
  let threads = opts.threads !== undefined ? parseInteger(opts.threads, "--threads", 1) : undefined;
  if (threads !== undefined) {
    // more threads than cores (or than rows to share out) only costs memory: ~8 MB per worker
    const cores = availableParallelism();
    const cap = Math.max(1, Math.min(cores, rows ?? cores));
    if (threads > cap) {
      process.stderr.write(
        `miann: note: --threads ${threads}: using ${cap} (${cap === cores ? "the number of cores" : "one per row"})\n`,
      );
      threads = cap;
    }
  }
  return { threads, backend: (opts.backend ?? "wasm") as KernelBackend };
}
