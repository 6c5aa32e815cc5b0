import type { Command } from "commander";

/** Placeholder until the `predict` command lands; registers nothing. */
export function registerPredict(_program: Command): void {}
