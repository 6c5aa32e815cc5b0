import type { Command } from "commander";

/** Placeholder until the `export` command lands; registers nothing. */
export function registerExport(_program: Command): void {}
