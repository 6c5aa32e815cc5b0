import { existsSync, readdirSync, rmdirSync } from "node:fs";
import { type Command, CommanderError, Option } from "commander";
import { runInflate } from "../fe/experiments/inflate.js";
import { runTranslate } from "../fe/experiments/translate.js";
import { runVibrate } from "../fe/experiments/vibrate.js";
import { readGmsh } from "../fe/gmsh.js";
import { resolveMaterial } from "../fe/material-source.js";
import { prepareOutputFolder } from "../fe/output-folder.js";
import { UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";
import { checkOutputPath } from "../util/output-path.js";

/** `miann fe translate|inflate|vibrate`: the paper's stability experiments on membrane elements. */

function positive(name: string, integer = false, max = Number.POSITIVE_INFINITY): (value: string) => number {
  return (value: string) => {
    const v = Number(value);
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new UserError(
        `option ${name}: expected a positive ${integer ? "integer" : "number"}, got '${value}'`,
      );
    }
    if (v > max) throw new UserError(`option ${name}: expected at most ${max}, got '${value}'`);
    return v;
  };
}

/** ends a failed experiment with exit 1 (like `miann check`), after its table or JSON is printed */
function failed(pass: boolean): void {
  if (!pass) throw new CommanderError(1, "miann.fe.failed", "the experiment failed");
}

/** the result as one JSON object: numbers and short lists, no typed arrays or per-iteration logs */
function printJson(experiment: string, pass: boolean, result: object): void {
  const text = JSON.stringify({ experiment, pass, ...result }, (key, value: unknown) => {
    if (key === "log" || ArrayBuffer.isView(value)) return undefined;
    if (typeof value === "number" && !Number.isFinite(value)) return null;
    return value;
  });
  process.stdout.write(`${text}\n`);
}

function nonNegative(name: string): (value: string) => number {
  return (value: string) => {
    const v = Number(value);
    if (!Number.isFinite(v) || v < 0)
      throw new UserError(`option ${name}: expected a number ≥ 0, got '${value}'`);
    return v;
  };
}

function nonNegativeInteger(name: string): (value: string) => number {
  return (value: string) => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < 0)
      throw new UserError(`option ${name}: expected an integer ≥ 0, got '${value}'`);
    return v;
  };
}

function vector3(value: string): [number, number, number] {
  const parts = value.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 3 || !parts.every(Number.isFinite)) {
    throw new UserError(`option --velocity: expected three numbers 'vx,vy,vz', got '${value}'`);
  }
  return parts as [number, number, number];
}

function fmt(x: number, digits = 3): string {
  if (Number.isNaN(x)) return "n/a";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) return x.toExponential(digits - 1);
  // drop trailing zeros after the decimal point only (2400 stays 2400; 1.500 becomes 1.5)
  const p = x.toPrecision(digits + 1);
  return p.includes(".") ? p.replace(/0+$/, "").replace(/\.$/, "") : p;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

interface Common {
  material: string;
  reference?: string;
  output?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
  thickness: number;
}

function addCommon(cmd: Command, name: string): Command {
  return cmd
    .option("-m, --material <law|model.json>", "reference law name or trained model file", "fabric")
    .option(
      "--reference <law>",
      "reference law to compare with (default: the law itself, or a model's training law, else fabric)",
    )
    .option("-o, --output <dir>", `output folder (default ./miann-fe/${name})`)
    .addOption(new Option("--out <dir>", "the same as --output").hideHelp())
    .option("--json", "print the result as one JSON object (exit 1 when the experiment fails)")
    .option("--force", "write into a non-empty folder that holds no earlier results of this experiment")
    .option(
      "--thickness <t>",
      "reference thickness; 1 for laws per unit width (N/m) such as fabric",
      positive("--thickness"),
      1,
    );
}

function outputFolder(opts: Common, name: string): string {
  const dir = opts.output ?? opts.out ?? `miann-fe/${name}`;
  const inputs = [
    { path: opts.material, what: "the --material model" },
    { path: (opts as { mesh?: string }).mesh, what: "the --mesh file" },
  ];
  checkOutputPath(dir, { kind: "folder", option: "-o", inputs });
  const created = !existsSync(dir);
  prepareOutputFolder(dir, name, opts.force === true);
  // a run refused after this point (too many steps, a bad mesh) leaves no empty folder behind
  if (created) {
    process.once("exit", () => {
      try {
        if (readdirSync(dir).length === 0) rmdirSync(dir);
      } catch {
        // gone already
      }
    });
  }
  return dir;
}

/**
 * The static solver names every cause of a non-positive pivot; a miann model is convex by
 * construction, so for one the cause is the loading or the units, never the energy.
 */
function explainFailure(failure: string | undefined, kind: string): string | undefined {
  if (failure === undefined || kind !== "miann") return failure;
  return failure.replace(
    "(instability, a missing support, or a material with a non-convex energy)",
    "(a miann model's energy is convex by construction, so the load or the units are the likely cause: strains far beyond the training data, e.g. data in % or another stress unit; see `miann data info`)",
  );
}

export function registerFe(program: Command): void {
  const fe = program
    .command("fe")
    .summary("finite-element experiments on membranes: translate, inflate, vibrate")
    .description(
      "Finite-element experiments on membrane triangles (the paper's stability tests):\n" +
        "translate (rigid motion), inflate (tube under pressure), vibrate (prestretched membrane).\n" +
        "Each prints a verdict table and writes CSV series and ParaView files (.vtu + .pvd) to -o DIR.",
    );

  addCommon(
    fe
      .command("translate")
      .summary("free panel in rigid translation (explicit): kinetic energy drift and stress")
      .description(
        "Free panel with a uniform initial velocity, explicit dynamics. Exact: rigid translation,\n" +
          "constant kinetic energy, zero stress. Writes energy.csv and translate.pvd.",
      )
      .option(
        "--divisions <n>",
        "elements per side (2 triangles each)",
        positive("--divisions", true, LIMITS.divisions),
        10,
      )
      .option("--mesh <file.msh>", "a Gmsh 4.1 ASCII triangle mesh to use instead of the 1 m square")
      .option("--density <rho>", "mass per unit area (kg/m²)", positive("--density"), 0.2)
      .addOption(
        new Option("--velocity <vx,vy,vz>", "initial velocity (m/s)")
          .argParser(vector3)
          .default([1, 0.5, 0.25], "1,0.5,0.25"), // shown as typed, not as a JSON array
      )
      .option("--duration <s>", "simulated time (s)", positive("--duration"), 0.2)
      .option(
        "--safety <f>",
        "fraction of the stable time step (at most 1)",
        positive("--safety", false, 1),
        0.5,
      ),
    "translate",
  )
    .addHelpText("after", "\nExample:\n  miann fe translate --material fabric -o miann-fe/translate")
    .action(
      (
        opts: Common & {
          divisions: number;
          mesh?: string;
          density: number;
          velocity: [number, number, number];
          duration: number;
          safety: number;
        },
      ) => {
        const source = resolveMaterial(opts.material, opts.reference, { fastKernels: true });
        const mesh = opts.mesh ? readGmsh(opts.mesh) : undefined;
        const out = outputFolder(opts, "translate");
        const r = runTranslate({
          material: source.material,
          reference: source.reference,
          divisions: opts.divisions,
          mesh,
          density: opts.density,
          velocity: opts.velocity,
          duration: opts.duration,
          safety: opts.safety,
          thickness: opts.thickness,
          out,
        });
        const pass =
          r.completed && r.kineticDrift <= 1e-10 && r.maxStress <= 1e-9 * stressScale(source.reference);
        if (opts.json) {
          printJson("translate", pass, { material: source.label, ...r });
          return failed(pass);
        }
        const n = opts.divisions;
        const panel = opts.mesh ? `panel ${opts.mesh}` : `${n}×${n} panel`;
        process.stdout.write(
          `translate: free ${panel} (${r.elements} triangles), v0 = (${opts.velocity.join(", ")}) m/s, ` +
            `${fmt(opts.duration)} s, Δt = ${fmt(r.dt)} s, ${r.steps} steps${r.completed ? "" : " (stopped: blew up)"}\n\n` +
            table([
              ["material", "KE drift (rel)", "max |S|", "energy balance (rel)", "verdict"],
              [
                source.label,
                fmt(r.kineticDrift),
                fmt(r.maxStress),
                fmt(r.balanceError),
                pass ? "rigid translation kept" : "FAILS rigid translation",
              ],
            ]) +
            `\n\nwrote ${r.files.join(", ")} and step .vtu files\n`,
        );
        failed(pass);
      },
    );

  addCommon(
    fe
      .command("inflate")
      .summary("tube under internal follower pressure (static Newton) vs the 1D equilibrium")
      .description(
        "Membrane tube (hoop = warp) under increasing internal follower pressure, static Newton.\n" +
          "Compares radius and hoop stress with the independent 1D equilibrium t·S_θθ(λ) = pR of the\n" +
          "same law. Writes convergence.csv (per-iteration residuals), steps.csv and inflate.pvd.",
      )
      .option(
        "--pressure <p>",
        "final pressure (default: the reference law's 1D pressure for --hoop-strain)",
        positive("--pressure"),
      )
      .option(
        "--hoop-strain <E>",
        "hoop Green–Lagrange strain the default pressure aims at",
        positive("--hoop-strain"),
        0.1,
      )
      .option("--steps <n>", "load steps", positive("--steps", true, LIMITS.steps), 10)
      .option("--radius <R>", "reference radius (mid-facet)", positive("--radius"), 1)
      .option("--length <L>", "tube length", positive("--length"), 1)
      .option("--around <n>", "facets around the tube", positive("--around", true, LIMITS.tube), 32)
      .option("--along <n>", "element rows along the tube", positive("--along", true, LIMITS.tube), 4)
      .option("--tolerance <tol>", "relative residual for convergence", positive("--tolerance"), 1e-10)
      .option("--max-iterations <n>", "Newton iterations per step", positive("--max-iterations", true), 25)
      .option(
        "--cutbacks <n>",
        "halvings of a failed load increment before giving up",
        nonNegativeInteger("--cutbacks"),
        8,
      ),
    "inflate",
  )
    .addHelpText("after", "\nExample:\n  miann fe inflate --material fabric --steps 10 -o miann-fe/inflate")
    .action(
      (
        opts: Common & {
          pressure?: number;
          hoopStrain: number;
          steps: number;
          radius: number;
          length: number;
          around: number;
          along: number;
          tolerance: number;
          maxIterations: number;
          cutbacks: number;
        },
      ) => {
        const source = resolveMaterial(opts.material, opts.reference, { fastKernels: true });
        const out = outputFolder(opts, "inflate");
        const r = runInflate({
          material: source.material,
          reference: source.reference,
          pressure: opts.pressure,
          hoopStrain: opts.hoopStrain,
          steps: opts.steps,
          radius: opts.radius,
          length: opts.length,
          around: opts.around,
          along: opts.along,
          tolerance: opts.tolerance,
          maxIterations: opts.maxIterations,
          cutbacks: opts.cutbacks,
          thickness: opts.thickness,
          out,
        });
        r.failure = explainFailure(r.failure, source.kind);
        const pass = r.converged && r.steps.length > 0;
        if (opts.json) {
          printJson("inflate", pass, { material: source.label, ...r });
          return failed(pass);
        }
        const last = r.steps[r.steps.length - 1];
        const rates = convergenceRates(r.log);
        const rows = [
          ["quantity", "FE", "1D same law", "rel. error", `1D ${source.referenceName}`, "rel. error"],
        ];
        if (last) {
          const rel = (a: number, b: number) => fmt(Math.abs(a - b) / Math.abs(b));
          rows.push(
            [
              "radius",
              fmt(last.radius, 8),
              fmt(last.exactRadius, 8),
              rel(last.radius, last.exactRadius),
              fmt(last.referenceRadius, 8),
              rel(last.radius, last.referenceRadius),
            ],
            [
              "hoop stress S_θθ",
              fmt(last.hoopStress, 8),
              fmt(last.exactHoopStress, 8),
              rel(last.hoopStress, last.exactHoopStress),
              fmt(last.referenceHoopStress, 8),
              rel(last.hoopStress, last.referenceHoopStress),
            ],
          );
        }
        process.stdout.write(
          `inflate: tube R = ${fmt(opts.radius)}, L = ${fmt(opts.length)}, ${r.elements} triangles, material ${source.label}, ` +
            `pressure up to ${fmt(r.pressure)} in ${opts.steps} nominal steps\n\n` +
            (last ? `at step ${last.step} (p = ${fmt(last.pressure)}):\n${table(rows)}\n\n` : "") +
            `Newton: ${r.converged ? "converged in every step" : `FAILED — ${r.failure}`}\n` +
            (r.cutbacks > 0 ? `load increments cut in half after a failure: ${r.cutbacks}\n` : "") +
            (r.steps.length === 0
              ? "no load step converged\n"
              : `iterations per converged step: ${r.steps.map((s) => s.iterations).join(" ")}\n` +
                `max rel. error over steps vs 1D same law: radius ${fmt(r.radiusError)}, hoop stress ${fmt(r.hoopStressError)}\n`) +
            (rates ? `convergence order (relative residuals of the last step): ${rates}\n` : "") +
            `\nwrote ${r.files.join(", ")} and step .vtu files\n`,
        );
        failed(pass);
      },
    );

  addCommon(
    fe
      .command("vibrate")
      .summary("prestretched square membrane (explicit): energy balance and first frequency")
      .description(
        "Square membrane prestretched by λ0 and held on its edges, released from a small sine\n" +
          "perturbation, explicit dynamics. Energy balance and the first frequency against the closed\n" +
          "form f = (1/2L)√((S11+S22)t/ρ) with the reference law's prestress, and against the same\n" +
          "run with the reference law. Writes energy.csv (with the centre deflection) and vibrate.pvd.",
      )
      .option("--prestretch <λ0>", "equibiaxial prestretch", positive("--prestretch"), 1.05)
      .option(
        "--amplitude <a>",
        "perturbation amplitude as a fraction of the side",
        positive("--amplitude"),
        0.002,
      )
      .option(
        "--periods <n>",
        "simulated periods of the closed-form frequency",
        positive("--periods", false, LIMITS.periods),
        5,
      )
      .option(
        "--divisions <n>",
        "elements per side (2 triangles each)",
        positive("--divisions", true, LIMITS.divisions),
        16,
      )
      .option("--density <rho>", "mass per unit area (kg/m²)", positive("--density"), 0.2)
      .option("--damping <c>", "mass-proportional damping (1/s)", nonNegative("--damping"), 0)
      .option(
        "--safety <f>",
        "fraction of the stable time step (at most 1)",
        positive("--safety", false, 1),
        0.5,
      ),
    "vibrate",
  )
    .addHelpText(
      "after",
      "\nExample:\n  miann fe vibrate --material fabric --prestretch 1.05 -o miann-fe/vibrate",
    )
    .action(
      (
        opts: Common & {
          prestretch: number;
          amplitude: number;
          periods: number;
          divisions: number;
          density: number;
          damping: number;
          safety: number;
        },
      ) => {
        if (opts.prestretch <= 1)
          throw new UserError(
            `option --prestretch: expected a stretch > 1 (a taut membrane), got ${opts.prestretch}`,
          );
        const source = resolveMaterial(opts.material, opts.reference, { fastKernels: true });
        const out = outputFolder(opts, "vibrate");
        const r = runVibrate({
          material: source.material,
          reference: source.reference,
          prestretch: opts.prestretch,
          amplitude: opts.amplitude,
          periods: opts.periods,
          divisions: opts.divisions,
          density: opts.density,
          damping: opts.damping,
          safety: opts.safety,
          thickness: opts.thickness,
          out,
        });
        const pass = r.material.completed && Number.isFinite(r.material.frequency);
        if (opts.json) {
          printJson("vibrate", pass, { materialLabel: source.label, ...r });
          return failed(pass);
        }
        const rows = [
          ["run", "frequency (Hz)", "vs closed form", "energy balance (rel)", "KE peak drift", "steps"],
        ];
        rows.push([
          source.label,
          fmt(r.material.frequency, 6),
          fmt(r.closedFormError),
          fmt(r.material.balanceError),
          fmt(r.material.kineticPeakDrift),
          `${r.material.steps}${r.material.completed ? "" : " (blew up)"}`,
        ]);
        if (r.reference) {
          rows.push([
            `${source.referenceName} (reference)`,
            fmt(r.reference.frequency, 6),
            fmt(r.reference.frequency / r.closedForm - 1),
            fmt(r.reference.balanceError),
            fmt(r.reference.kineticPeakDrift),
            String(r.reference.steps),
          ]);
        }
        process.stdout.write(
          `vibrate: ${opts.divisions}×${opts.divisions} square (${2 * opts.divisions ** 2} triangles), λ0 = ${opts.prestretch}, ` +
            `prestress S = (${r.prestress.map((v) => fmt(v)).join(", ")}) from ${source.referenceName}, Δt = ${fmt(r.material.dt)} s\n` +
            `closed-form first frequency: ${fmt(r.closedForm, 6)} Hz` +
            (source.material === source.reference
              ? ""
              : ` (with ${source.label}'s own prestress (${r.ownPrestress.map((v) => fmt(v)).join(", ")}): ${fmt(r.ownClosedForm, 6)} Hz)`) +
            `\n\n${table(rows)}\n` +
            (r.reference ? `\nfrequency error vs the reference run: ${fmt(r.referenceError)}\n` : "") +
            (opts.damping > 0 ? "(energy balance includes the damping dissipation)\n" : "") +
            `\nwrote ${r.files.join(", ")} and step .vtu files\n`,
        );
        failed(pass);
      },
    );
}

/** A stress scale of the law: |S| at 1% equibiaxial strain (what "zero stress" is measured against). */
function stressScale(law: {
  evaluate: (x: Float64Array, n: number, out: { stress: Float64Array }) => void;
}): number {
  const s = new Float64Array(3);
  law.evaluate(Float64Array.from([0.01, 0.01, 0]), 1, { stress: s });
  return Math.hypot(s[0], s[1], s[2]);
}

/** log(r_{k+1}/r_k) / log(r_k/r_{k−1}) over the last step's iterations (≈ 2 for quadratic convergence). */
function convergenceRates(log: { step: number; relativeResidual: number }[]): string | undefined {
  if (log.length === 0) return undefined;
  const step = log[log.length - 1].step;
  const r = log.filter((x) => x.step === step).map((x) => x.relativeResidual);
  if (r.length < 2) return undefined;
  const orders: string[] = [];
  for (let k = 2; k < r.length; k++) {
    if (r[k] > 1e-13 && r[k - 1] > 0 && r[k - 2] > 0)
      orders.push(fmt(Math.log(r[k] / r[k - 1]) / Math.log(r[k - 1] / r[k - 2]), 2));
  }
  return `${r.map((x) => fmt(x, 2)).join(" → ")}${orders.length ? `  (orders ${orders.join(", ")})` : ""}`;
}
