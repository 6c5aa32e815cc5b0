// Generated from package.json by scripts/write-version.mjs (npm run build); do not edit.
/** The package version. */
export const version = "0.1.0";
