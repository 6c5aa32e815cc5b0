/** The training API: optimisers, the trainer, checkpoints, metrics, the §8 diagnostic, the demo. */
export * from "./adam.js";
export * from "./checkpoint.js";
export * from "./demo.js";
export * from "./diagnostic.js";
export * from "./lbfgs.js";
export * from "./line-search.js";
export * from "./metrics.js";
export * from "./schedule.js";
export * from "./split.js";
export * from "./trainer.js";
