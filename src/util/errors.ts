/**
 * An error a user can cause (a malformed file, a wrong option, a model from elsewhere). The CLI
 * prints its message as one line and exits non-zero, never with a stack trace. Messages name the
 * file, line and column where there is one, and say what was expected.
 */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** Formats "file:line:column: message" with the parts that are known. */
export function located(
  file: string | undefined,
  line: number | undefined,
  column: number | string | undefined,
  message: string,
): string {
  let where = file ?? "";
  if (line !== undefined) where += `${where ? ":" : "line "}${line}`;
  if (column !== undefined) where += typeof column === "number" ? `:${column}` : ` (column ${column})`;
  return where ? `${where}: ${message}` : message;
}
