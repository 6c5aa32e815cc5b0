import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { builtFile } from "../kernels/package-root.js";
import { UserError } from "../util/errors.js";

/**
 * Serves the playground page (dist/playground.html) on 127.0.0.1 with the headers that make it
 * cross-origin isolated (COOP same-origin, COEP require-corp: the conditions for shared memory
 * between workers) and the page's own Content-Security-Policy as a header too. Only the page
 * itself is served; every other path is 404. Node side only (the CLI's `miann playground`).
 */
export interface PlaygroundServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function playgroundHtml(): string {
  return readFileSync(builtFile("playground.html"), "utf8");
}

/** the CSP of the page's <meta> tag, sent as a header as well */
function pageCsp(html: string): string | undefined {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
}

export function servePlayground(port: number, host = "127.0.0.1"): Promise<PlaygroundServer> {
  const html = playgroundHtml();
  const body = Buffer.from(html, "utf8");
  const csp = pageCsp(html);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const common = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    };
    if ((req.method === "GET" || req.method === "HEAD") && (path === "/" || path === "/playground.html")) {
      res.writeHead(200, {
        ...common,
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": body.length,
        ...(csp ? { "Content-Security-Policy": csp } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    res.writeHead(404, { ...common, "Content-Type": "text/plain; charset=utf-8" });
    res.end("not found: the playground is at /\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE")
        reject(new UserError(`port ${port} is in use; choose another with --port`));
      else if (err.code === "EACCES")
        reject(new UserError(`port ${port} needs privileges; choose one above 1023`));
      else reject(err);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({
        url: `http://${host}:${actual}/`,
        port: actual,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
