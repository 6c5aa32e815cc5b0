import type { Command } from "commander";
import { servePlayground } from "../playground/server.js";
import { UserError } from "../util/errors.js";
import { parseInteger } from "./parse-options.js";

const DEFAULT_PORT = 8471;

export function registerPlayground(program: Command): void {
  program
    .command("playground")
    .summary("serve the browser playground (train and inspect a model in a browser tab) on 127.0.0.1")
    .description(
      "Serves the playground, one self-contained page (dist/playground.html), on 127.0.0.1 only,\n" +
        "and prints its URL. In the page: choose the built-in fabric data or drop a CSV/JSON file (read\n" +
        "by the same reader as train), choose the model kind and widths, train with a live loss curve\n" +
        "and a stop button, look at the parity, stress-strain and stability figures and the guarantee\n" +
        "table, and download the model file, the C export and the HTML report. Everything runs in the\n" +
        "browser; the page makes no request. It trains on one thread: the same seed and settings give\n" +
        "the same parameters as `miann train <data> --threads 1` (the page shows the command).\n" +
        "The page also works opened as a file (file://dist/playground.html), with no server at all.\n" +
        "Stop the server with Ctrl-C.",
    )
    .option("--port <n>", `port to listen on (0: any free port)`, String(DEFAULT_PORT))
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  miann playground                  # then open http://127.0.0.1:8471/\n" +
        "  miann playground --port 9000\n" +
        "  chromium dist/playground.html     # the same page without a server",
    )
    .action(async (opts: { port: string }) => {
      const port = parseInteger(opts.port, "--port", 0);
      if (port > 65535) throw new UserError(`--port: expected a port 0–65535, got ${port}`);
      const server = await servePlayground(port);
      process.stdout.write(`miann playground: ${server.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void server.close().then(resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
