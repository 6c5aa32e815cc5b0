import type { Command } from "commander";

/** Placeholder until the `import` command lands; registers nothing. */
export function registerImport(_program: Command): void {}
