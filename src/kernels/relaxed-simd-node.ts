import v8 from "node:v8";
import { relaxedSimdAvailable } from "./wasm-module.js";

/**
 * Makes relaxed SIMD available to the kernels in a Node process where the engine has it behind a
 * flag: Node 20's V8 (11.3) implements it completely behind --experimental-wasm-relaxed-simd (V8
 * ships it on by default from 11.4, Node 22). The command line and the bench call this once at
 * start-up, before any kernel module is compiled; a library user passes the flag to node instead
 * (or runs a newer Node). MIANN_SIMD=baseline leaves the engine as it is. Returns whether relaxed
 * SIMD is now available.
 */
export function enableRelaxedSimd(): boolean {
  if (relaxedSimdAvailable()) return true;
  if (process.env.MIANN_SIMD === "baseline") return false;
  try {
    v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    return false;
  }
  return relaxedSimdAvailable();
}
