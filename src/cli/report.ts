import type { Command } from "commander";

/** Placeholder until the `report` command lands; registers nothing. */
export function registerReport(_program: Command): void {}
