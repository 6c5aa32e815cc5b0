/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A plain HTML table; cells are text (escaped) unless given as { html }. */
export type Cell = string | number | { html: string };

export function htmlTable(headers: string[], rows: Cell[][], className = ""): string {
  const cell = (c: Cell, tag: "td" | "th") =>
    `<${tag}>${typeof c === "object" ? c.html : escapeHtml(String(c))}</${tag}>`;
  const head = `<tr>${headers.map((h) => cell(h, "th")).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => cell(c, "td")).join("")}</tr>`).join("\n");
  return `<table${className ? ` class="${className}"` : ""}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The report's stylesheet: readable on screen, one figure per page region when printed. */
const STYLE = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; margin: 0 auto;
  max-width: 1100px; padding: 1.5rem 2rem 4rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.2rem; }
.meta { color: #555; margin-top: 0; }
nav ol { columns: 2; padding-left: 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .25rem .55rem; text-align: left; vertical-align: top; }
thead th { background: #f2f2f2; }
td.num, .num td { font-variant-numeric: tabular-nums; }
.pass { color: #0b6b2e; font-weight: bold; }
.fail { color: #b00020; font-weight: bold; }
figure { margin: 1.2rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 13px; max-width: 60rem; margin-top: .3rem; }
.note { background: #fff8e1; border-left: 4px solid #e6a700; padding: .4rem .8rem; }
code { font-size: 13px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The whole self-contained page: inline CSS, inline SVG figures, no script, no external resource. */
export function htmlPage(
  title: string,
  meta: string,
  sections: { id: string; title: string; html: string }[],
): string {
  const toc = sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join("");
  const body = sections
    .map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta}</p>
<nav><ol>${toc}</ol></nav>
${body}
</body>
</html>
`;
}
