import type { Command } from "commander";

/** Placeholder until the `train` command lands; registers nothing. */
export function registerTrain(_program: Command): void {}
