/**
 * Size limits of the command-line options: far above any sensible run, far below what exhausts
 * memory or runs for days. A value beyond one is a one-line error naming the option and the limit.
 */
export const LIMITS = {
  /** rows of generated data (data generate, demo) and of check --samples */
  samples: 10_000_000,
  /** width of one hidden layer */
  width: 4096,
  /** hidden layers */
  layers: 64,
  /** network parameters in total */
  parameters: 20_000_000,
  /** strain components of a model (inputDim) */
  inputDim: 1000,
  /** columns of a data file named by --strain/--stress ranges */
  columns: 100_000,
  /** elements per side of the fe panels (translate, vibrate) */
  divisions: 1000,
  /** load steps of fe inflate */
  steps: 10_000,
  /** facets around / rows along the fe inflate tube */
  tube: 10_000,
  /** time steps of an explicit fe run (translate, vibrate) */
  timeSteps: 10_000_000,
  /** periods of fe vibrate */
  periods: 10_000,
} as const;
