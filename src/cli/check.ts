import type { Command } from "commander";

/** Placeholder until the `check` command lands; registers nothing. */
export function registerCheck(_program: Command): void {}
