import type { Command } from "commander";

/** Placeholder until the `fe` command lands; registers nothing. */
export function registerFe(_program: Command): void {}
