/**
 * Drives bench/torch_reference.py as a child process (one JSON line per command) so that PyTorch's
 * repeats can be interleaved with miann's in one run: neither side gets the quieter minutes.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { packageRoot } from "../src/kernels/package-root.js";
import type { Side } from "./cases.js";

export const PYTHON = "/usr/bin/python3";

export interface TorchInfo {
  torch: string;
  blas: string[];
  interopThreads: number;
}

/** Why PyTorch cannot run here, or undefined when it can. */
export function torchUnavailable(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return "torch is not importable by /usr/bin/python3";
  return undefined;
}

/**
 * The environment of a PyTorch side on `threads` threads: OpenBLAS picks its own core type and
 * cache sizes (PyTorch's best case), uses `threads` threads (torch.set_num_threads alone left it
 * two: the "1-thread" side kept a second core busy, a core the other sides then lacked), and its
 * idle threads sleep after 2^22 cycles (~1.5 ms) instead of 2^28: measured, a PyTorch process
 * otherwise burns ~110 ms of a core after every burst, into the next side's timing, while its own
 * back-to-back calls are as fast either way (gaps between them are microseconds).
 * glibc's malloc keeps memory it has been given (mmap threshold at its maximum, 32 MB; no trimming;
 * the heap grown 256 MB at a time): PyTorch's CPU tensors of these sizes (one 10,000 × 64 float64
 * activation is 5 MB) otherwise come from mmap and go back with munmap at every allocation, and the
 * page faults made the 3-64-64-64-1 loss + gradient ~1.5x slower and twice as variable (measured
 * standalone: medians 160-220 ms against 250-430 ms). PyTorch's guides recommend a caching
 * allocator on CPU for the same reason; this is the one the machine has.
 */
export function torchEnv(threads: number): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  env.OPENBLAS_NUM_THREADS = String(threads);
  env.OPENBLAS_THREAD_TIMEOUT = "22";
  env.MALLOC_MMAP_THRESHOLD_ = String(32 << 20);
  env.MALLOC_TRIM_THRESHOLD_ = String(2 ** 32);
  env.MALLOC_TOP_PAD_ = String(256 << 20);
  return env;
}

export class TorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  private stderr = "";

  constructor(threads: number) {
    this.child = spawn(PYTHON, [join(packageRoot(), "bench", "torch_reference.py")], {
      env: torchEnv(threads),
    });
    this.child.stderr.on("data", (b: Buffer) => {
      this.stderr += b.toString();
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on("line", (line) => this.pending.shift()?.(line));
    this.child.on("exit", () => {
      for (const p of this.pending.splice(0)) p("");
    });
  }

  private async send(message: object): Promise<Record<string, unknown>> {
    const answer = new Promise<string>((resolve) => this.pending.push(resolve));
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    const line = await answer;
    if (line === "") throw new Error(`torch_reference.py failed: ${this.stderr.trim().split("\n").pop()}`);
    return JSON.parse(line);
  }

  /** sends the problem; answers with the torch version and BLAS */
  async setup(problem: object): Promise<TorchInfo> {
    return (await this.send(problem)) as unknown as TorchInfo;
  }

  /** the loss and its gradient: flat for the MIANN, in the fixture layout (nested) for the polyconvex model */
  async check<G = number[]>(threads: number): Promise<{ loss: number; grad: G }> {
    return (await this.send({ cmd: "check", threads })) as unknown as { loss: number; grad: G };
  }

  /** wall ms of `repeats` calls of the case, after untimed calls lasting `warmupMs` */
  async time(
    cmd: "gradient" | "stress+tangent",
    threads: number,
    repeats: number,
    warmupMs: number,
  ): Promise<number[]> {
    return ((await this.send({ cmd, threads, repeats, warmupMs })) as { ms: number[] }).ms;
  }

  close(): void {
    this.child.stdin.write(`${JSON.stringify({ cmd: "exit" })}\n`);
    this.child.stdin.end();
  }
}

/**
 * One TorchServer per thread count, so that each keeps its thread pools as set up once: switching
 * torch.set_num_threads between calls rebuilds them and made the 2-thread calls several times slower.
 */
export class TorchServers {
  private readonly servers = new Map<number, TorchServer>();

  constructor(threads: readonly number[]) {
    for (const t of threads) this.servers.set(t, new TorchServer(t));
  }

  private server(threads: number): TorchServer {
    const s = this.servers.get(threads);
    if (!s) throw new Error(`bench: no PyTorch server for ${threads} thread(s)`);
    return s;
  }

  /** sends the problem to every server; answers with the first one's torch version and BLAS */
  async setup(problem: object): Promise<TorchInfo> {
    const infos = await Promise.all([...this.servers.values()].map((s) => s.setup(problem)));
    return infos[0];
  }

  check<G = number[]>(threads: number): Promise<{ loss: number; grad: G }> {
    return this.server(threads).check<G>(threads);
  }

  time(
    cmd: "gradient" | "stress+tangent",
    threads: number,
    repeats: number,
    warmupMs: number,
  ): Promise<number[]> {
    return this.server(threads).time(cmd, threads, repeats, warmupMs);
  }

  /** one PyTorch side per thread count, timing `cmd` on that count's server */
  sides(cmd: "gradient" | "stress+tangent", threads: readonly number[]): Side[] {
    return threads.map((t) => ({
      impl: "PyTorch float64",
      threads: t,
      run: (r: number, warmupMs: number) => this.time(cmd, t, r, warmupMs),
      ms: [],
    }));
  }

  close(): void {
    for (const s of this.servers.values()) s.close();
  }
}
