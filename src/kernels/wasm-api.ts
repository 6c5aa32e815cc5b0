/**
 * The few WebAssembly JS-API members the kernels use, typed locally: the project compiles with
 * lib ES2022 and no DOM types, where only part of the WebAssembly namespace is declared.
 */
/** a compiled WebAssembly.Module (opaque here; it can be sent to worker threads) */
export type WasmModule = object;

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The engine's WebAssembly object, or undefined where there is none. */
export const wasmApi: WasmApi | undefined = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * A new instance of the kernels module, its exports as the caller's view of them. One module holds
 * every kind of instance (network, regression, Adam, polyconvex tangent); each instance uses only
 * its own kind's functions and memory.
 */
export function instantiateKernels<Exports>(module: WasmModule): Exports {
  if (!wasmApi) throw new Error("miann: this JavaScript engine has no WebAssembly");
  const instance = new wasmApi.Instance(module, {
    env: {
      abort: () => {
        throw new Error("miann: WebAssembly kernels aborted");
      },
    },
  });
  return instance.exports as unknown as Exports;
}
