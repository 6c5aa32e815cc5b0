/** Benchmarks: placeholder until the kernels issue lands. */
console.log("no benchmarks yet");
