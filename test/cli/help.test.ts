import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPrefix } from "../../src/export/identifier.js";

// What `--help` shows a user, for every command and subcommand of the built CLI.
const cli = join(process.cwd(), "dist/cli/miann.js");
const help = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args, "--help"], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout;
};
const commands = [
  [],
  ["data"],
  ["data", "generate"],
  ["data", "info"],
  ["data", "materials"],
  ["train"],
  ["predict"],
  ["check"],
  ["import"],
  ["export"],
  ["report"],
  ["demo"],
  ["fe"],
  ["fe", "translate"],
  ["fe", "inflate"],
  ["fe", "vibrate"],
];

describe("--help", () => {
  it.each(commands.map((c) => [c.join(" ") || "(top level)", c]))("%s: no internal references", (_, args) => {
    expect(help(...(args as string[]))).not.toContain(`DESIG${"N"}`); // the internal notes
  });

  it.each([["data"], ["fe"]])(
    "%s: one line per listed subcommand (its summary, not its wrapped description)",
    (cmd) => {
      const listing = /\nCommands:\n([\s\S]*)$/.exec(help(cmd))?.[1] ?? "";
      const lines = listing.split("\n").filter((l) => l.trim() !== "");
      expect(lines.length).toBeGreaterThanOrEqual(3);
      // a continuation line starts with spaces up to the description column
      for (const line of lines) expect(line, line).toMatch(/^ {2}\S/);
    },
  );

  it("shows defaults as a user types them (fe translate --velocity 1,0.5,0.25)", () => {
    expect(help("fe", "translate")).toContain("(default: 1,0.5,0.25)");
  });
});

describe("--prefix errors", () => {
  it("quote what was typed, not a sanitised form", () => {
    expect(() => checkPrefix("9bad-name")).toThrow(/^--prefix "9bad-name" is not usable/);
    expect(() => checkPrefix("a\nb")).toThrow(/^--prefix "a\\nb" is not usable/);
  });
});
