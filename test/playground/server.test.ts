import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PlaygroundServer, servePlayground } from "../../src/playground/server.js";

/** `miann playground`'s server: the page with the cross-origin-isolation headers, nothing else. */
function get(
  url: string,
  method = "GET",
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the playground server", () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await servePlayground(0);
  });
  afterAll(() => server.close());

  it("listens on 127.0.0.1 only and serves the page cross-origin isolated, with its CSP as a header", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(server.url);
    expect(r.status).toBe(200);
    expect(r.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(r.headers["cross-origin-embedder-policy"]).toBe("require-corp");
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(String(r.headers["content-security-policy"])).toContain("default-src 'none'");
    expect(r.body).toContain("<title>miann playground");
    expect((await get(`${server.url}playground.html`, "HEAD")).status).toBe(200);
  });

  it("serves nothing else", async () => {
    for (const path of ["x", "../package.json", "dist/playground.html", "%2e%2e/package.json"]) {
      const r = await get(`${server.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain("miann");
    }
    expect((await get(server.url, "POST")).status).toBe(404);
  });

  it("refuses a port in use with one line", async () => {
    await expect(servePlayground(server.port)).rejects.toThrow(
      `port ${server.port} is in use; choose another with --port`,
    );
  });
});
