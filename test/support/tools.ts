import { spawnSync } from "node:child_process";

/**
 * External tools some tests need (compilers, a browser, Python packages), found the conventional
 * way and probed by running them. On a machine without one, those tests skip with a printed
 * reason that names the package to install; under CI=true a missing tool is a failure, so CI
 * proves everything.
 *
 * Use:  const gcc = findTool("gcc");  describe.skipIf(!gcc.ok)(…)  — or `toolOrSkip` in a suite.
 */
export type ToolName = "gcc" | "gfortran" | "chromium" | "python-torch" | "python-numpy";

export interface ToolProbe {
  name: ToolName;
  /** true when the tool ran */
  ok: boolean;
  /** the command or path to run (e.g. "gcc", "/usr/bin/chromium", "/usr/bin/python3") */
  command: string;
  /** why it is missing and what to install (empty when ok) */
  reason: string;
}

const cache = new Map<ToolName, ToolProbe>();

/** The Python interpreter for the Python tests: $PYTHON, else Debian's /usr/bin/python3. */
export function pythonCommand(): string {
  return process.env.PYTHON || "/usr/bin/python3";
}

function probe(name: ToolName): ToolProbe {
  const run = (command: string, args: string[]) => {
    const r = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
    return !r.error && r.status === 0;
  };
  switch (name) {
    case "gcc": {
      const command = process.env.CC || "gcc";
      const ok = run(command, ["--version"]);
      return { name, ok, command, reason: ok ? "" : `${command} not found (set CC, or apt-get install gcc)` };
    }
    case "gfortran": {
      const command = process.env.FC || "gfortran";
      const ok = run(command, ["--version"]);
      return {
        name,
        ok,
        command,
        reason: ok ? "" : `${command} not found (set FC, or apt-get install gfortran)`,
      };
    }
    case "chromium": {
      const command = process.env.CHROME_PATH || "/usr/bin/chromium";
      const ok = run(command, ["--version"]);
      return {
        name,
        ok,
        command,
        reason: ok ? "" : `${command} not found (set CHROME_PATH, or apt-get install chromium)`,
      };
    }
    case "python-torch":
    case "python-numpy": {
      const command = pythonCommand();
      const module = name === "python-torch" ? "torch" : "numpy";
      const ok = run(command, ["-c", `import ${module}`]);
      return {
        name,
        ok,
        command,
        reason: ok ? "" : `${command} cannot import ${module} (apt-get install python3-${module})`,
      };
    }
  }
}

/**
 * Finds a tool once per test process. Outside CI a missing tool prints one line (the reason and
 * what to install) and the caller skips; under CI=true it throws, so the run fails.
 */
export function findTool(name: ToolName): ToolProbe {
  let p = cache.get(name);
  if (!p) {
    p = probe(name);
    cache.set(name, p);
    if (!p.ok) {
      if (process.env.CI === "true") {
        throw new Error(`CI=true and a tool the tests need is missing: ${p.reason}`);
      }
      console.warn(`skipping tests that need ${name}: ${p.reason}`);
    }
  }
  return p;
}
