import { UserError } from "../util/errors.js";

/**
 * Number printers for generated code. 17 significant digits round-trip every float64 exactly, so
 * the compiled material sees the same parameters as miann, bit for bit.
 */

function checkFinite(x: number, what: string): void {
  if (!Number.isFinite(x))
    throw new UserError(`cannot export ${what}: the value ${x} is not a finite number`);
}

/** C99 double literal, e.g. -1.2345678901234567e-03 */
export function cNumber(x: number, what = "a parameter"): string {
  checkFinite(x, what);
  // toExponential(16) gives 17 significant digits; "-0" is printed as "-0.0...e+00" (keeps the sign)
  const [mantissa, exponent] = (Object.is(x, -0) ? "-0.0000000000000000e+0" : x.toExponential(16)).split("e");
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** Fortran DOUBLE PRECISION literal with a D exponent, e.g. -1.2345678901234567D-03 */
export function fortranNumber(x: number, what = "a parameter"): string {
  return cNumber(x, what).replace("e", "D");
}
