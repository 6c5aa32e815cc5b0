import type { Command } from "commander";

/** Placeholder until the `data` command lands; registers nothing. */
export function registerData(_program: Command): void {}
