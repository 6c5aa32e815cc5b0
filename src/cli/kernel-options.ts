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
export function parseKernelOptions(opts: KernelCliOptions): { threads?: number; backend: KernelBackend } {
  return {
    threads: opts.threads !== undefined ? parseInteger(opts.threads, "--threads", 1) : undefined,
    backend: (opts.backend ?? "wasm") as KernelBackend,
  };
}
