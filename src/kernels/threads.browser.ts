import type { defaultThreads as NodeSide } from "./threads.js";

/** The default number of kernel threads, browser side: one (the training worker itself). */
export const defaultThreads: typeof NodeSide = () => 1;
