import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { version } from "../src/version.js";

describe("version", () => {
  it("is package.json's version (src/version.ts is generated from it by the build)", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(version).toBe(pkg.version);
  });
});
