// Builds the WebAssembly kernels from AssemblyScript source (filled in by the kernels issue).
console.log("build-wasm: no WebAssembly kernels yet");
