import { UserError } from "../util/errors.js";

/**
 * Reduces untrusted text (a model name) to characters that are inert in every language we
 * generate: [A-Za-z0-9_], at most `maxLength` characters. Anything else becomes "_", so no comment
 * terminator, quote, newline, preprocessor directive or Fortran continuation can reach the code.
 */
export function safeText(text: string, maxLength = 40): string {
  const reduced = text.replace(/[^A-Za-z0-9_]/g, "_").slice(0, maxLength);
  return reduced.length > 0 ? reduced : "unnamed";
}

/** Maximum length of a routine-name prefix: keeps every generated Fortran name ≤ 31 characters. */
export const maxPrefixLength = 16;

/**
 * Validates the user's `--prefix` for generated routine names: a C/Fortran identifier that starts
 * with a letter, only [A-Za-z0-9_], at most `maxPrefixLength` characters.
 */
export function checkPrefix(prefix: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix) || prefix.length > maxPrefixLength) {
    throw new UserError(
      `--prefix ${JSON.stringify(prefix.length > 40 ? `${prefix.slice(0, 37)}...` : prefix)} is not usable: expected a letter followed by letters, digits or "_", at most ${maxPrefixLength} characters`,
    );
  }
  return prefix;
}
