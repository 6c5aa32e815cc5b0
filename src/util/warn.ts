/**
 * A one-line warning for the user: on stderr in Node, on the console where there is no process
 * (the browser playground's worker).
 */
export function warn(line: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process?.stderr;
  if (stderr) stderr.write(`${line}\n`);
  else console.warn(line);
}
