/**
 * Fixed-form Fortran (FORTRAN 77 layout) line discipline: statements in columns 7–72, comments
 * with "C" in column 1. Every generated line is checked here, so a long statement is a bug in the
 * generator, never a silently truncated line in the user's compiler.
 */
export class FortranLines {
  private readonly lines: string[] = [];

  /** a statement, indented by `indent` extra columns after column 6; an optional numeric label */
  stmt(text: string, indent = 0, label?: number): this {
    const prefix = label === undefined ? "      " : String(label).padStart(5, " ").padEnd(6, " ");
    return this.push(`${prefix}${" ".repeat(indent)}${text}`);
  }

  /** a comment line; the text must already be safe (no non-ASCII, generated or filtered) */
  comment(text = ""): this {
    if (text.length <= 70) return this.push(`C${text ? ` ${text}` : ""}`);
    // wrap at a space where possible, else hard at 70 columns
    const cut = text.lastIndexOf(" ", 70) > 0 ? text.lastIndexOf(" ", 70) : 70;
    this.push(`C ${text.slice(0, cut)}`);
    return this.comment(`  ${text.slice(cut).trimStart()}`);
  }

  /** several raw fixed-form lines (e.g. a signature with "     &" continuations) */
  raw(...lines: string[]): this {
    for (const l of lines) this.push(l);
    return this;
  }

  private push(line: string): this {
    if (line.length > 72) throw new Error(`internal: generated Fortran line exceeds 72 columns: ${line}`);
    if (!/^[\x20-\x7e]*$/.test(line)) throw new Error(`internal: non-ASCII in generated Fortran: ${line}`);
    this.lines.push(line.trimEnd());
    return this;
  }

  toString(): string {
    return `${this.lines.join("\n")}\n`;
  }
}
