/**
 * Resolves on the event loop's next turn, so that pending messages and signals are handled:
 * setImmediate in Node, a MessageChannel message elsewhere (a browser worker has no setImmediate,
 * and setTimeout(0) is clamped to 4 ms once nested).
 */
export function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (typeof immediate === "function") return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    // the browser's MessagePort (Node's types describe Node's, which has setImmediate anyway)
    const channel = new MessageChannel() as unknown as {
      port1: { onmessage: (() => void) | null; close(): void };
      port2: { postMessage(v: unknown): void };
    };
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}
