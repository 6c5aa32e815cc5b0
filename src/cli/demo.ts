import type { Command } from "commander";

/** Placeholder until the `demo` command lands; registers nothing. */
export function registerDemo(_program: Command): void {}
