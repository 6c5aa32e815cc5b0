import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesOf, sha256Hex, sha256Text } from "../../src/util/sha256.js";

describe("sha256Hex (the hash shared by Node and the browser)", () => {
  it("is node:crypto's SHA-256 on any bytes, split anywhere", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        const expected = createHash("sha256").update(bytes).digest("hex");
        expect(sha256Hex(bytes)).toBe(expected);
        expect(sha256Hex(bytes.subarray(0, at), bytes.subarray(at))).toBe(expected);
      }),
    );
  });

  it("hashes a typed array's own bytes, not its whole buffer", () => {
    const all = Float64Array.from([1, 2, 3, 4]);
    const view = all.subarray(1, 3);
    expect(sha256Hex(bytesOf(view))).toBe(
      createHash("sha256")
        .update(Buffer.from(view.buffer, 8, 16))
        .digest("hex"),
    );
    expect(sha256Text("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
