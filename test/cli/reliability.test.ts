import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir } from "../support/scratch.js";

/**
 * The defects of the reliability probe (issue 15), one reproduction each, against the built CLI:
 * every refusal is one line on stderr, exit 1, no stack trace, nothing of the user's changed.
 */
const CLI = join(process.cwd(), "dist/cli/miann.js");
let dir: string;
const at = (name: string) => join(dir, name);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function miann(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** one line "miann: ...", exit 1, no stack trace */
function refused(r: Run, pattern: RegExp): void {
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.status).toBe(1);
}

function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir });
  let out = "";
  let err = "";
  child.stdout?.on("data", (b) => {
    out += b;
  });
  child.stderr?.on("data", (b) => {
    err += b;
  });
  return { child, out: () => out, err: () => err };
}

async function waitFor(predicate: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
}

const W1 =
  '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":ALPHA,"beta":2}}';
const small = ["--hidden", "4,4", "--threads", "1", "--quiet"];

beforeAll(() => {
  dir = scratchDir("reliability-");
  expect(miann(["data", "generate", "--samples", "300", "-o", "d.csv"]).status).toBe(0);
  expect(miann(["train", "d.csv", "--epochs", "20", ...small, "-o", "m.json"]).status).toBe(0);
  writeFileSync(at("s.csv"), "E11,E22,G12\n0.01,0.02,0.03\n");
});

describe("1, 11: checkpoints are never written over a file, and every stop signal writes one", () => {
  it("--checkpoint refuses the training data and an existing file", () => {
    const data = readFileSync(at("d.csv"), "utf8");
    const model = readFileSync(at("m.json"), "utf8");
    const args = ["train", "d.csv", "--epochs", "5", "--checkpoint-every", "2", ...small];
    refused(miann([...args, "--checkpoint", "d.csv", "-o", "n1.json"]), /d\.csv: is the training data/);
    refused(miann([...args, "--checkpoint", "m.json", "-o", "n2.json"]), /m\.json: already exists/);
    refused(
      miann([...args, "--checkpoint", "n3.json", "-o", "n3.json"]),
      /n3\.json: is the --checkpoint file/,
    );
    expect(readFileSync(at("d.csv"), "utf8")).toBe(data);
    expect(readFileSync(at("m.json"), "utf8")).toBe(model);
    // the README's command run twice: the second run must not throw the saved progress away
    expect(miann([...args, "--checkpoint", "run.ckpt", "-o", "r1.json"]).status).toBe(0);
    const saved = readFileSync(at("run.ckpt"), "utf8");
    refused(miann([...args, "--checkpoint", "run.ckpt", "-o", "r2.json"]), /run\.ckpt: already exists/);
    expect(readFileSync(at("run.ckpt"), "utf8")).toBe(saved);
  });

  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    ["SIGINT", 130],
  ] as const) {
    it(`${signal} stops train with a checkpoint beside the output, never over an existing file`, async () => {
      const out = `sig-${signal}.json`;
      writeFileSync(at(`${out}.ckpt`), "my notes\n");
      const run = start(["train", "d.csv", "--epochs", "100000", "--json", ...small.slice(0, 4), "-o", out]);
      await waitFor(() => run.out().includes('"type":"progress"'));
      run.child.kill(signal);
      expect(await exited(run.child)).toBe(code);
      expect(readFileSync(at(`${out}.ckpt`), "utf8")).toBe("my notes\n");
      const fresh = `sig-${signal}.1.json.ckpt`;
      expect(run.out()).toContain(`"checkpoint":"${fresh}"`);
      expect(JSON.parse(readFileSync(at(fresh), "utf8")).format).toBe("miann-checkpoint");
    });
  }
});

describe("2: demo -o DIR", () => {
  it("refuses to replace the user's files of the demo's names, and replaces its own", () => {
    mkdirSync(at("proj"));
    writeFileSync(at("proj/data.csv"), "my,lab,data\n");
    const args = ["demo", "--quick", "--samples", "60", "--epochs", "2", "--threads", "1", "--quiet"];
    refused(miann([...args, "-o", "proj"]), /proj\/data\.csv: exists and was not written by an earlier demo/);
    expect(readFileSync(at("proj/data.csv"), "utf8")).toBe("my,lab,data\n");
    expect(miann([...args, "-o", "demo"]).status).toBe(0);
    expect(miann([...args, "-o", "demo"]).status).toBe(0);
    writeFileSync(at("demo/summary.json"), "{}\n"); // edited since: the user's now
    refused(miann([...args, "-o", "demo"]), /summary\.json: exists and was not written/);
  }, 120_000);
});

describe("3, 15: no NaN or Infinity in an output", () => {
  beforeAll(() => {
    const m = JSON.parse(readFileSync(at("m.json"), "utf8"));
    m.params[5] = 1e308;
    writeFileSync(at("big.json"), JSON.stringify(m));
    m.params[5] = 0;
    m.params[m.params.length - 1] = 0;
    m.params[m.params.length - 2] = 0;
    writeFileSync(at("ab0.json"), JSON.stringify(m));
    writeFileSync(at("s2.csv"), "E11,E22,G12\n0.01,0.02,0.03\n1e200,0,0\n");
  });

  it("predict, export and import refuse a model that evaluates to non-finite numbers", () => {
    refused(miann(["predict", "big.json", "s.csv"]), /big\.json: the model gives non-finite numbers/);
    refused(miann(["predict", "big.json", "s.csv", "-o", "p.csv"]), /non-finite/);
    refused(
      miann(["export", "big.json", "--to", "c", "-o", "big.c"]),
      /big\.json: the model gives non-finite/,
    );
    refused(
      miann(["predict", "ab0.json", "s.csv"]),
      /ab0\.json: params\[\d+\] \(alpha\): expected a nonzero/,
    );
    writeFileSync(at("wa.json"), W1.replace("ALPHA", "1e308"));
    refused(miann(["import", "wa.json", "-o", "wa-model.json"]), /wa\.json: the model gives non-finite/);
    for (const f of ["p.csv", "big.c", "big.h", "wa-model.json"]) expect(existsSync(at(f))).toBe(false);
  });

  it("predict names the row whose stress is not finite, and writes nothing", () => {
    refused(
      miann(["predict", "m.json", "s2.csv", "-o", "p2.csv"]),
      /s2\.csv:3: the model gives a non-finite/,
    );
    expect(existsSync(at("p2.csv"))).toBe(false);
  });

  it("data generate --noise 1e308 refuses instead of writing Infinity", () => {
    refused(miann(["data", "generate", "--samples", "50", "--noise", "1e308", "-o", "a7.csv"]), /--noise/);
    expect(existsSync(at("a7.csv"))).toBe(false);
  });
});

describe("4: export", () => {
  it("never replaces its input model, nor edited or foreign files without --force", () => {
    const model = readFileSync(at("m.json"), "utf8");
    refused(
      miann(["export", "m.json", "--to", "c", "-o", "m.json", "--force"]),
      /m\.json: is the model being exported/,
    );
    expect(readFileSync(at("m.json"), "utf8")).toBe(model);
    writeFileSync(at("w.json"), W1.replace("ALPHA", "1"));
    expect(miann(["import", "w.json", "-o", "gm.json", "--name", "Generated by miann"]).status).toBe(0);
    refused(
      miann(["export", "gm.json", "--to", "c", "-o", "gm.json"]),
      /gm\.json: is the model being exported/,
    );
    // a previous, unedited export is replaced; an edited one is not
    expect(miann(["export", "m.json", "--to", "c", "-o", "mine.c"]).status).toBe(0);
    expect(miann(["export", "m.json", "--to", "c", "-o", "mine.c"]).status).toBe(0);
    writeFileSync(at("mine.c"), `${readFileSync(at("mine.c"), "utf8")}double my_fn(void){return 42.0;}\n`);
    refused(
      miann(["export", "m.json", "--to", "c", "-o", "mine.c"]),
      /mine\.c: exists and is not an unedited/,
    );
    expect(readFileSync(at("mine.c"), "utf8")).toContain("my_fn");
    writeFileSync(at("notes.c"), "// notes: Generated by miann last week; my own code below\n");
    refused(miann(["export", "m.json", "--to", "c", "-o", "notes.c"]), /notes\.c: exists and is not/);
  });
});

describe("5, 6: outputs that cannot be written, and files that appear meanwhile", () => {
  it("a folder, '', a trailing '/', a path through a file: one line, before any work", () => {
    mkdirSync(at("odir"));
    const train = ["train", "d.csv", "--epochs", "5", ...small];
    refused(miann([...train, "-o", "odir", "--force"]), /odir: is a folder/);
    refused(miann([...train, "-o", "newdir/"]), /newdir\/: ends in '\/'/);
    refused(miann(["data", "generate", "--samples", "10", "-o", ""]), /-o: expected a file name/);
    refused(miann([...train, "-o", "d.csv/model.json"]), /d\.csv\/model\.json: lies inside d\.csv/);
    refused(miann(["predict", "m.json", "s.csv", "-o", "odir", "--force"]), /odir: is a folder/);
    refused(miann(["export", "m.json", "--to", "c", "-o", "odir"]), /odir: is a folder/);
    refused(miann(["import", "w.json", "-o", "odir", "--force"]), /odir: is a folder/);
    refused(miann(["fe", "translate", "-o", "d.csv"]), /d\.csv: exists and is not a folder/);
  });

  it("a full standard output ends in one line", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" predict m.json s.csv > /dev/full`], {
      cwd: dir,
      encoding: "utf8",
    });
    refused(
      { status: r.status, stdout: r.stdout, stderr: r.stderr },
      /cannot write to standard output \(ENOSPC/,
    );
  });

  it("a file put at -o during training is not replaced; the model is kept beside it", async () => {
    const run = start([
      "train",
      "d.csv",
      "--epochs",
      "3000",
      "--json",
      ...small.slice(0, 4),
      "-o",
      "late.json",
    ]);
    await waitFor(() => run.out().includes('"type":"progress"'));
    writeFileSync(at("late.json"), '{"my":"model"}\n');
    expect(await exited(run.child)).toBe(1);
    expect(readFileSync(at("late.json"), "utf8")).toBe('{"my":"model"}\n');
    const kept = /the trained model is kept in (\S+)/.exec(run.err())?.[1];
    expect(kept).toBeDefined();
    expect(JSON.parse(readFileSync(join(dir, kept!), "utf8")).format).toBe("miann-model");
  }, 60_000);
});

describe("5: a model that cannot be written at the end of a run is kept elsewhere", () => {
  it("the output's folder replaced by a file during training: the model goes to the temp folder", async () => {
    mkdirSync(at("gone"));
    const run = start([
      "train",
      "d.csv",
      "--epochs",
      "3000",
      "--json",
      ...small.slice(0, 4),
      "-o",
      "gone/m.json",
    ]);
    await waitFor(() => run.out().includes('"type":"progress"'));
    rmSync(at("gone"), { recursive: true });
    writeFileSync(at("gone"), "now a file\n");
    expect(await exited(run.child)).toBe(1);
    expect(run.err()).toMatch(
      /^miann: gone\/m\.json: cannot write the file \(.*\); the trained model is kept in /,
    );
    const kept = /the trained model is kept in (\S+)\n/.exec(run.err())?.[1];
    expect(kept?.startsWith(tmpdir())).toBe(true);
    expect(JSON.parse(readFileSync(kept!, "utf8")).format).toBe("miann-model");
    rmSync(kept!);
  }, 60_000);
});

describe("7, 8, 9: sizes", () => {
  it("a line longer than the reader's limit, and a large file without a newline", () => {
    writeFileSync(at("long.csv"), `${Array(1_000_000).fill("0.001").join(",")}\n`);
    refused(miann(["data", "info", "long.csv"]), /long\.csv:1: the line is longer than 4 MiB/);
    writeFileSync(at("blank.csv"), Buffer.alloc(20 << 20));
    refused(miann(["data", "info", "blank.csv"]), /blank\.csv:1: the line is longer/);
  });

  it("size options beyond their limits are one-line errors", () => {
    refused(
      miann(["data", "generate", "--samples", "2000000000", "-o", "g.csv"]),
      /--samples: expected at most/,
    );
    refused(miann(["train", "d.csv", "--hidden", "100000000", "-o", "h.json"]), /--hidden: expected at most/);
    writeFileSync(at("wd.json"), W1.replace("ALPHA", "1").replace('"inputDim":1', '"inputDim":100000000'));
    refused(miann(["import", "wd.json", "-o", "wd-model.json"]), /wd\.json: expected inputDim ≤/);
    refused(miann(["check", "m.json", "--samples", "100000000000"]), /--samples: expected at most/);
    refused(
      miann(["fe", "translate", "--divisions", "100000000", "-o", "fe7"]),
      /--divisions: expected at most/,
    );
    refused(miann(["fe", "vibrate", "--periods", "1e12", "-o", "fe16"]), /--periods: expected at most/);
    refused(miann(["fe", "inflate", "--steps", "1000000000000", "-o", "fe14"]), /--steps: expected at most/);
    refused(miann(["fe", "inflate", "--around", "100000000", "-o", "fe15"]), /--around: expected at most/);
    refused(
      miann(["fe", "translate", "--duration", "1e308", "-o", "fe9"]),
      /the run would take endless time steps/,
    );
    refused(miann(["data", "info", "d.csv", "--strain", "1-10000000000"]), /column range "1-10000000000"/);
    for (const f of ["g.csv", "h.json", "wd-model.json", "fe7", "fe9", "fe14", "fe15", "fe16"])
      expect(existsSync(at(f))).toBe(false);
  });

  it("--threads beyond the rows is capped with a note", () => {
    const r = miann(["predict", "m.json", "s.csv", "--threads", "1000"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^miann: note: --threads 1000: using 1 \(one per row\)\n$/);
  });
});

describe("10: temporary files", () => {
  it("a stale temporary file of a dead process is removed by the next write", () => {
    const stale = at(".swept.csv.999999999.deadbeef.tmp");
    writeFileSync(stale, "half a file");
    expect(miann(["data", "generate", "--samples", "10", "-o", "swept.csv"]).status).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });

  it("Ctrl-C during a large write removes the temporary file", async () => {
    const run = start(["data", "generate", "--samples", "1000000", "-o", "large.csv"]);
    const temps = () => readdirSync(dir).filter((f) => f.startsWith(".large.csv."));
    await waitFor(() => temps().length > 0, 50_000);
    run.child.kill("SIGINT");
    expect(await exited(run.child)).toBe(130);
    expect(temps()).toEqual([]);
    expect(existsSync(at("large.csv"))).toBe(false);
  }, 60_000);
});

describe("12, 14: report", () => {
  it("-o is never inside an --fe input; --png at a file fails before the HTML is written", () => {
    expect(miann(["fe", "translate", "--divisions", "2", "--duration", "0.01", "-o", "fe_in"]).status).toBe(
      0,
    );
    const energy = readFileSync(at("fe_in/energy.csv"), "utf8");
    refused(
      miann(["report", "m.json", "--fe", "fe_in", "-o", "fe_in/energy.csv", "--force"]),
      /lies inside fe_in/,
    );
    expect(readFileSync(at("fe_in/energy.csv"), "utf8")).toBe(energy);
    writeFileSync(at("afile"), "x\n");
    refused(
      miann(["report", "m.json", "-o", "rep2.html", "--png", "afile"]),
      /afile: exists and is not a folder/,
    );
    expect(existsSync(at("rep2.html"))).toBe(false);
  });
});

const ORPHAN =
  "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Nodes\n1 5 1 5\n2 1 0 5\n1\n2\n3\n4\n5\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n5 5 0\n$EndNodes\n$Elements\n1 2 1 2\n2 1 2 2\n1 1 2 3\n2 1 3 4\n$EndElements\n";

describe("13, 17, and the fe exit code", () => {
  it("a node in no triangle is a mesh error naming its Gmsh tag", () => {
    writeFileSync(at("orphan.msh"), ORPHAN);
    refused(
      miann(["fe", "translate", "--mesh", "orphan.msh", "--duration", "0.01", "-o", "oo"]),
      /orphan\.msh:16: node 5 belongs to no triangle/,
    );
    expect(existsSync(at("oo"))).toBe(false);
  });

  it("zero-area elements are named by their Gmsh tags; no hint names a missing option", () => {
    const coincident = ORPHAN.replace("1 1 0\n0 1 0\n5 5 0", "1 1 0\n0 0 0\n5 5 0")
      .replace("1 5 1 5\n2 1 0 5\n1\n2\n3\n4\n5", "1 4 1 4\n2 1 0 4\n1\n2\n3\n4")
      .replace("5 5 0\n", "");
    writeFileSync(at("coincident.msh"), coincident);
    refused(
      miann(["fe", "translate", "--mesh", "coincident.msh", "--duration", "0.01", "-o", "oc"]),
      /coincident\.msh: element 2 has zero area \(nodes 1, 3, 4\)/,
    );
    const huge = ORPHAN.replace("1 5 1 5\n2 1 0 5\n1\n2\n3\n4\n5", "1 4 1 4\n2 1 0 4\n1\n2\n3\n4").replace(
      "1 0 0\n1 1 0\n0 1 0\n5 5 0\n",
      "1e300 0 0\n1e300 1e300 0\n0 1e300 0\n",
    );
    writeFileSync(at("huge.msh"), huge);
    const r = miann(["fe", "translate", "--mesh", "huge.msh", "--duration", "0.01", "-o", "oh"]);
    refused(r, /no stable time step/);
    expect(r.stderr).not.toContain("--dt");
  });

  it("a failed experiment exits 1, also with --json, and accepts --output", () => {
    expect(
      miann(["train", "d.csv", "--model", "regression", "--epochs", "5", ...small, "-o", "reg.json"]).status,
    ).toBe(0);
    const args = ["fe", "translate", "--material", "reg.json", "--divisions", "2", "--duration", "0.01"];
    const text = miann([...args, "--output", "fe_reg"]);
    expect(text.stdout).toContain("FAILS rigid translation");
    expect(text.status).toBe(1);
    const json = miann([...args, "--out", "fe_reg", "--json"]);
    expect(json.status).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(result.experiment).toBe("translate");
    expect(result.pass).toBe(false);
    const ok = miann(["fe", "translate", "--divisions", "2", "--duration", "0.01", "-o", "fe_ok", "--json"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).pass).toBe(true);
  });
});

describe("16, 18: readers' messages", () => {
  it("deep JSON, a bare NaN token, a BOM, 1e999, pipes, an overflowing spread", () => {
    writeFileSync(
      at("deep.json"),
      `{"junk": ${"[".repeat(100000)}${"]".repeat(100000)}, "strain": [[0.1,0.2,0.3],[0.2,0.1,0]], "stress": [[1,2,3],["x",1,1]]}`,
    );
    refused(
      miann(["data", "info", "deep.json"]),
      /deep\.json:1:\d+: stress\[1\]\[0\]: expected a finite number.*got "x"/,
    );
    writeFileSync(
      at("deep2.json"),
      `{"strain": ${"[".repeat(200000)}1${"]".repeat(200000)}, "stress": [[1]]}`,
    );
    refused(
      miann(["data", "info", "deep2.json"]),
      /deep2\.json:1:\d+: strain\[0\]\[0\]: expected a finite number.*got an array/,
    );
    const model = readFileSync(at("m.json"), "utf8");
    writeFileSync(at("nt.json"), model.replace('"params": [\n', '"params": [\n  NaN,\n'));
    refused(miann(["predict", "nt.json", "s.csv"]), /nt\.json: not a miann model file: not valid JSON/);
    writeFileSync(at("bom.json"), `\ufeff${JSON.stringify({ strain: [[0.1, 0, 0]], stress: [[1, 0, 0]] })}`);
    expect(miann(["data", "info", "bom.json"]).status).toBe(0);
    writeFileSync(at("bigexp.json"), '{"strain":[[1e999,0,0]],"stress":[[1,0,0]]}');
    refused(
      miann(["data", "info", "bigexp.json"]),
      /bigexp\.json:1:13: strain\[0\]\[0\]: expected a finite number.*got 1e999/,
    );
    refused(
      miann(["data", "info", "/dev/stdin"], readFileSync(at("d.csv"), "utf8")),
      /is a pipe; miann reads regular files only/,
    );
    refused(miann(["data", "info", "-"], "x"), /standard input is not supported/);
    writeFileSync(
      at("big308.csv"),
      `E11,E22,G12,S11,S22,S12\n0.01,0,0,1,1,1\n0.02,0.01,0,2,1,1\n1e308,0,0,1e308,0,0\n`,
    );
    const r308 = miann(["train", "big308.csv", "--epochs", "5", ...small, "-o", "o308.json"]);
    // (train's data warnings come first; the refusal is the last line)
    expect(r308.status).toBe(1);
    expect(r308.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r308.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /big308\.csv: stress component 1: its values are too large/,
    );
  });
});

describe("Doubtful items fixed on the way", () => {
  it("a checkpoint with a negative epoch, --safety beyond the stable step, a too-wide file: one line", () => {
    const args = ["train", "d.csv", "--epochs", "5", "--checkpoint-every", "2", ...small];
    expect(miann([...args, "--checkpoint", "own.ckpt", "-o", "own.json"]).status).toBe(0);
    const ck = JSON.parse(readFileSync(at("own.ckpt"), "utf8"));
    ck.epoch = -5;
    writeFileSync(at("neg.ckpt"), JSON.stringify(ck));
    refused(
      miann(["train", "d.csv", "--resume", "neg.ckpt", ...small, "-o", "neg.json"]),
      /neg\.ckpt: checkpoint field epoch: expected an integer ≥ 0, got -5/,
    );
    refused(miann(["fe", "translate", "--safety", "100", "-o", "fs"]), /--safety: expected at most 1/);
    const header = Array.from({ length: 2002 }, (_, j) => `c${j}`).join(",");
    const row = Array(2002).fill("0.01").join(",");
    writeFileSync(at("wide.csv"), `${header}\n${row}\n${row}\n`);
    refused(miann(["train", "wide.csv", ...small, "-o", "wide.json"]), /wide\.csv: 1001 strain components/);
  });

  it("the trainer's refusals name the checkpoint; an option error is not followed by the whole help", () => {
    const r = miann(["train", "d.csv", "--resume", "own.ckpt", "--seed", "5", ...small, "-o", "own5.json"]);
    refused(r, /^miann: own\.ckpt: the checkpoint was made with seed = 1, this run has 5/);
    const bad = miann(["data", "generate", "--paths", "diagonal", "-o", "x.csv"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2);
  });

  it("data info shows control characters of header names as '?'; report --material lists laws of the model's d", () => {
    writeFileSync(at("esc.csv"), "E11,E22,\u001b[31mG12,S11,S22,S12\n0.01,0,0,1,1,1\n0.02,0.01,0.01,2,1,1\n");
    const info = miann(["data", "info", "esc.csv"]);
    expect(info.status).toBe(0);
    expect(info.stdout).not.toContain("\u001b");
    const r = miann(["report", "m.json", "--material", "svk", "-o", "r-svk.html"]);
    refused(r, /--material svk: expected a built-in reference law with d = 3/);
    expect(r.stderr).not.toMatch(/neohookean-abaqus/);
  });
});
