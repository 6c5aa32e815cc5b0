import { located, UserError } from "./errors.js";

/**
 * JSON.parse for the files miann reads (datasets, models, checkpoints, weights): a UTF-8 byte-order
 * mark is dropped (editors on Windows write one), and a syntax error is one line
 * "file:line:column: not valid JSON (...)" — V8's own message spans lines for some inputs (a bare
 * NaN token) and gives only a character offset.
 */
export function parseJsonText(text: string, path: string, what = "not valid JSON"): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message.split("\n")[0].replace(/\p{Cc}|\ufeff/gu, "?");
    const m = /position (\d+)/.exec((err as Error).message);
    if (!m) throw new UserError(`${path}: ${what} (${message})`);
    const { line, column } = lineColumn(body, Number(m[1]));
    throw new UserError(
      located(path, line, column, `${what} (${message.replace(/ in JSON at position \d+.*$/, "")})`),
    );
  }
}

/** 1-based line and column of a character offset */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
