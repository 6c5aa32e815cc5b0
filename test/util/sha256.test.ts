import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as browser from "../../src/util/sha256.browser.js";
import * as node from "../../src/util/sha256.js";

// The two sides of the hash (Node: node:crypto; browser: a pure implementation) must give the same
// digest on any bytes, and both the published one.

describe("sha256Hex, Node and browser sides", () => {
  it("the browser side is node:crypto's SHA-256 on any bytes, split anywhere, and so is the Node side", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        const expected = createHash("sha256").update(bytes).digest("hex");
        for (const side of [browser, node]) {
          expect(side.sha256Hex(bytes)).toBe(expected);
          expect(side.sha256Hex(bytes.subarray(0, at), bytes.subarray(at))).toBe(expected);
        }
      }),
    );
  });

  it("both give the published digests (FIPS 180-2 \"abc\", the empty string, a million 'a')", () => {
    const million = new Uint8Array(1_000_000).fill(97);
    for (const side of [browser, node]) {
      expect(side.sha256Text("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      expect(side.sha256Text("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      expect(side.sha256Hex(million)).toBe(
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
      );
    }
  });

  it("hashes a typed array's own bytes, not its whole buffer", () => {
    const all = Float64Array.from([1, 2, 3, 4]);
    const view = all.subarray(1, 3);
    const expected = createHash("sha256")
      .update(Buffer.from(view.buffer, 8, 16))
      .digest("hex");
    for (const side of [browser, node]) expect(side.sha256Hex(node.bytesOf(view))).toBe(expected);
  });
});
