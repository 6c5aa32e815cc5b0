import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/**
 * SHA-256 (hex) of some byte arrays taken one after another, synchronously, browser side: a pure
 * implementation (Web Crypto's digest is asynchronous). The Node side (sha256.ts) uses node:crypto;
 * the digests are the same (tested), so a model file's data fingerprint and an export's file hash
 * are the same bytes whichever side computed them.
 */
export function sha256Hex(...parts: Uint8Array[]): string {
  const h = sha256.create();
  for (const p of parts) h.update(p);
  return bytesToHex(h.digest());
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256Text(text: string): string {
  return sha256Hex(new TextEncoder().encode(text));
}

export { bytesOf } from "./bytes.js";
