/**
 * The playground page's script (the browser's main thread): plain DOM, no framework. It starts the
 * training worker (worker.ts, inlined by the build as __MIANN_WORKER_SOURCE__) from a blob: URL and
 * only shows what the worker sends: everything that computes runs there, so the page never blocks.
 */
import type { FromWorker, ToWorker, TrainOutcome, TrainRequest } from "./protocol.js";

declare const __MIANN_WORKER_SOURCE__: string;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page: #${id} is missing`);
  return e as T;
};

const ui = {
  builtins: $("builtins"),
  drop: $("drop"),
  file: $<HTMLInputElement>("file"),
  dataStatus: $("data-status"),
  dataError: $("data-error"),
  kind: $<HTMLSelectElement>("kind"),
  hidden: $<HTMLInputElement>("hidden"),
  epochs: $<HTMLInputElement>("epochs"),
  seed: $<HTMLInputElement>("seed"),
  lr: $<HTMLInputElement>("lr"),
  batch: $<HTMLInputElement>("batch"),
  settingsError: $("settings-error"),
  train: $<HTMLButtonElement>("train"),
  stop: $<HTMLButtonElement>("stop"),
  cli: $("cli"),
  progress: $("progress"),
  loss: $("loss-live") as unknown as SVGSVGElement,
  liveErrors: $("live-errors"),
  results: $("results"),
  summary: $("summary"),
  warnings: $("warnings"),
  metrics: $("metrics"),
  downloads: $("downloads"),
  cRefused: $("c-refused"),
  evaluate: $<HTMLFormElement>("evaluate"),
  strainInputs: $("strain-inputs"),
  stressOut: $("stress-out"),
  figures: $("figures"),
  guarantees: $("guarantees"),
};

/** the CLI's defaults; an empty epochs, lr or batch field is the trainer's recipe for the data and kind */
const DEFAULTS = { kind: "miann", hidden: "16,16,8", seed: "1" };

let worker: Worker;
let dataName: string | undefined;
let builtinCommand: string | undefined;
let strainNames: string[] = [];
let stressNames: string[] = [];
let training = false;
let history: { epoch: number; train: number; val?: number }[] = [];
let epochsPlanned = 1;
const urls: string[] = [];

function send(message: ToWorker): void {
  worker.postMessage(message);
}

function setState(state: "loading" | "idle" | "training" | "trained"): void {
  document.body.dataset.state = state;
}

function showError(el: HTMLElement, text: string | undefined): void {
  el.textContent = text ?? "";
  el.hidden = !text;
}

function updateButtons(): void {
  const ready = dataName !== undefined && !training;
  ui.train.disabled = !ready;
  ui.stop.disabled = !training;
  for (const el of [ui.file, ...ui.builtins.querySelectorAll("input")] as HTMLInputElement[]) {
    el.disabled = training;
  }
}

/** The settings as the CLI would parse them; a bad one is a message naming the field. */
function readSettings(): TrainRequest | string {
  const hidden = ui.hidden.value.split(",").map((s) => s.trim());
  if (hidden.length === 0 || hidden.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) {
    return `Hidden layer widths: expected comma-separated positive widths such as 16,16,8, got "${ui.hidden.value}"`;
  }
  const int = (el: HTMLInputElement, name: string, min: number): number | string | undefined => {
    if (el.value.trim() === "" && el !== ui.seed) return undefined; // the default
    const v = Number(el.value);
    return /^\s*\d+\s*$/.test(el.value) && Number.isSafeInteger(v) && v >= min
      ? v
      : `${name}: expected an integer ≥ ${min}, got "${el.value}"`;
  };
  const epochs = int(ui.epochs, "Epochs", 1);
  const seed = int(ui.seed, "Seed", 0);
  const batch = int(ui.batch, "Mini-batch", 0);
  const lr = ui.lr.value.trim() === "" ? undefined : Number(ui.lr.value);
  for (const v of [epochs, seed, batch]) if (typeof v === "string") return v;
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) {
    return `Adam learning rate: expected a positive number, got "${ui.lr.value}"`;
  }
  // an option left at its default is not given, as on the command line (the trainer decides)
  return {
    kind: ui.kind.value as TrainRequest["kind"],
    hidden: hidden.map(Number),
    epochs: epochs as number | undefined,
    seed: seed as number,
    lr,
    batch: batch as number | undefined,
  };
}

/** The `miann train` command that gives the same parameters as the page with these settings. */
function updateCli(): void {
  const s = readSettings();
  const file = dataName ?? "data.csv";
  const parts = [`miann train ${/^[\w.-]+$/.test(file) ? file : JSON.stringify(file)} --threads 1`];
  if (typeof s !== "string") {
    if (s.kind !== DEFAULTS.kind) parts.push(`--model ${s.kind}`);
    if (s.hidden.join(",") !== DEFAULTS.hidden) parts.push(`--hidden ${s.hidden.join(",")}`);
    if (s.epochs !== undefined) parts.push(`--epochs ${s.epochs}`);
    if (String(s.seed) !== DEFAULTS.seed) parts.push(`--seed ${s.seed}`);
    if (s.lr !== undefined) parts.push(`--lr ${s.lr}`);
    if (s.batch !== undefined) parts.push(`--batch ${s.batch}`);
  }
  parts.push("-o model.json");
  const prefix = builtinCommand && dataName === "data.csv" ? `${builtinCommand} && ` : "";
  ui.cli.textContent = prefix + parts.join(" ");
}

function fmt(v: number | undefined, digits = 3): string {
  return v === undefined || !Number.isFinite(v) ? "–" : v.toPrecision(digits);
}

/** The live loss curve: train and validation loss (log scale) against the epoch. */
function drawLoss(): void {
  const W = 520;
  const H = 260;
  const left = 52;
  const right = 10;
  const top = 12;
  const bottom = 34;
  const values = history
    .flatMap((h) => [h.train, h.val ?? h.train])
    .filter((v) => v > 0 && Number.isFinite(v));
  const svg: string[] = [];
  if (values.length > 0) {
    let lo = Math.floor(Math.log10(Math.min(...values)));
    let hi = Math.ceil(Math.log10(Math.max(...values)));
    if (hi <= lo) hi = lo + 1;
    if (hi - lo > 8) lo = hi - 8;
    const x = (e: number) => left + ((W - left - right) * e) / Math.max(1, epochsPlanned - 1);
    const y = (v: number) =>
      top + ((H - top - bottom) * (hi - Math.log10(Math.max(v, 10 ** lo)))) / (hi - lo);
    for (let p = lo; p <= hi; p++) {
      const yy = y(10 ** p).toFixed(1);
      svg.push(`<line x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}" stroke="#e3e3e3"/>`);
      svg.push(
        `<text x="${left - 6}" y="${yy}" dy="4" text-anchor="end" font-size="11" fill="#555">1e${p}</text>`,
      );
    }
    const line = (pick: (h: (typeof history)[number]) => number | undefined, colour: string) => {
      const pts = history
        .map((h) => [h.epoch, pick(h)] as const)
        .filter(([, v]) => v !== undefined && v > 0 && Number.isFinite(v))
        .map(([e, v]) => `${x(e).toFixed(1)},${y(v as number).toFixed(1)}`);
      if (pts.length > 0)
        svg.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.8" points="${pts.join(" ")}"/>`);
    };
    line((h) => h.train, "#1f5fa8");
    line((h) => h.val, "#e07000");
  }
  svg.push(`<line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" stroke="#888"/>`);
  svg.push(`<text x="${left}" y="${H - 10}" font-size="11" fill="#555">epoch 0</text>`);
  svg.push(
    `<text x="${W - right}" y="${H - 10}" font-size="11" fill="#555" text-anchor="end">${epochsPlanned}</text>`,
  );
  svg.push(
    `<text x="${(W + left) / 2}" y="${H - 10}" font-size="11" text-anchor="middle"><tspan fill="#1f5fa8">— training loss</tspan>  <tspan fill="#e07000">— validation loss</tspan></text>`,
  );
  ui.loss.innerHTML = svg.join("");
}

function showLiveErrors(rel: number[] | undefined): void {
  const body = ui.liveErrors.querySelector("tbody")!;
  body.replaceChildren(
    ...stressNames.map((name, k) => {
      const tr = document.createElement("tr");
      const a = document.createElement("td");
      a.textContent = name;
      const b = document.createElement("td");
      b.className = "num";
      b.textContent = rel ? `${fmt(rel[k])} %` : "–";
      tr.append(a, b);
      return tr;
    }),
  );
}

function download(name: string, text: string, type: string, label: string): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.push(url);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.className = "button secondary";
  a.textContent = label;
  a.dataset.file = name;
  return a;
}

function showOutcome(o: TrainOutcome): void {
  for (const u of urls.splice(0)) URL.revokeObjectURL(u);
  ui.summary.textContent = o.summary;
  ui.warnings.replaceChildren(
    ...o.warnings.map((w) => {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = `Warning: ${w}`;
      return p;
    }),
  );
  ui.metrics.innerHTML = o.metricsHtml;
  const links = [
    download("model.json", o.modelFile, "application/json", "Model file (model.json)"),
    download("report.html", o.reportHtml, "text/html", "HTML report (report.html)"),
  ];
  if (o.cSource && o.cHeader) {
    links.push(download("material.c", o.cSource, "text/x-c", "C source (material.c)"));
    links.push(download("material.h", o.cHeader, "text/x-c", "C header (material.h)"));
  }
  ui.downloads.replaceChildren(...links);
  showError(ui.cRefused, o.cRefused ? `No C export: ${o.cRefused}` : undefined);
  ui.figures.replaceChildren(
    ...o.figures.map((f) => {
      const fig = document.createElement("figure");
      fig.className = "plot";
      fig.id = `fig-${f.id}`;
      const h = document.createElement("h4");
      h.textContent = f.title;
      const body = document.createElement("div");
      body.innerHTML = f.svg; // rendered by vega in the worker from the report's own specifications
      const cap = document.createElement("figcaption");
      cap.textContent = f.caption;
      fig.append(h, body, cap);
      return fig;
    }),
  );
  ui.guarantees.innerHTML = o.guaranteesHtml;
  ui.results.hidden = false;
}

/** back to "nothing trained yet" (new data, or a refused file) */
function resetRun(): void {
  ui.results.hidden = true;
  history = [];
  drawLoss();
  ui.progress.className = "muted";
  ui.progress.textContent = "Choose data and a model, then press Train.";
  ui.liveErrors.querySelector("th:last-child")!.textContent = "validation RMSE/σ";
}

function strainForm(): void {
  const examples = [0.05, 0.03, 0.02, 0.01, 0.01, 0.01];
  ui.strainInputs.replaceChildren(
    ...strainNames.map((name, k) => {
      const div = document.createElement("div");
      const label = document.createElement("label");
      label.htmlFor = `strain-${k}`;
      label.textContent = name;
      const input = document.createElement("input");
      input.type = "number";
      input.step = "any";
      input.id = `strain-${k}`;
      input.value = String(examples[k] ?? 0.01);
      div.append(label, input);
      return div;
    }),
  );
  ui.stressOut.textContent = "";
}

function onMessage(m: FromWorker): void {
  switch (m.type) {
    case "ready": {
      ui.builtins.replaceChildren(ui.builtins.firstElementChild ?? document.createElement("legend"));
      for (const [i, b] of m.builtins.entries()) {
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "builtin";
        input.value = b.id;
        input.checked = i === 0;
        input.addEventListener("change", () => {
          if (input.checked) {
            builtinCommand = b.command;
            ui.file.value = "";
            send({ type: "builtin", id: b.id });
          }
        });
        label.append(input, document.createTextNode(b.label));
        ui.builtins.append(label);
      }
      if (m.builtins[0]) {
        builtinCommand = m.builtins[0].command;
        send({ type: "builtin", id: m.builtins[0].id });
      }
      setState("idle");
      break;
    }
    case "dataset": {
      const s = m.summary;
      dataName = s.name;
      strainNames = s.strainNames;
      stressNames = s.stressNames;
      showError(ui.dataError, undefined);
      ui.dataStatus.className = "ok";
      ui.dataStatus.textContent = `${s.name}: ${s.rows} rows, d = ${s.dim} (strain ${s.strainNames.join(", ")}; stress ${s.stressNames.join(", ")})`;
      resetRun(); // the results of a model trained on other data
      showLiveErrors(undefined);
      strainForm();
      updateCli();
      updateButtons();
      break;
    }
    case "data-error":
      dataName = undefined;
      resetRun();
      showError(ui.dataError, m.message);
      ui.dataStatus.className = "muted";
      ui.dataStatus.textContent = "No data: training is disabled until a file reads without error.";
      updateButtons();
      break;
    case "progress": {
      epochsPlanned = m.epochs;
      history.push({ epoch: m.epoch, train: m.train, val: m.val });
      drawLoss();
      if (m.relRmse) showLiveErrors(m.relRmse);
      ui.progress.textContent =
        `epoch ${m.epoch + 1} of ${m.epochs} (${m.phase === "adam" ? "Adam" : "L-BFGS"}): ` +
        `training loss ${fmt(m.train)}, validation loss ${fmt(m.val)}, ${m.seconds.toFixed(1)} s`;
      break;
    }
    case "stage":
      ui.progress.textContent = `Training done; ${m.message}…`;
      break;
    case "trained":
      training = false;
      ui.progress.textContent = `Done. ${m.outcome.summary}.`;
      showLiveErrors(m.outcome.testRelRmse);
      ui.liveErrors.querySelector("th:last-child")!.textContent = "test RMSE/σ";
      showOutcome(m.outcome);
      setState("trained");
      updateButtons();
      $("h-results").focus(); // the Stop button that had the focus is disabled now
      break;
    case "train-error":
      training = false;
      ui.progress.textContent = "";
      showError(ui.settingsError, m.message);
      setState("idle");
      updateButtons();
      break;
    case "evaluated":
      ui.stressOut.replaceChildren(
        ...m.stress.map((v, k) => {
          const span = document.createElement("span");
          span.className = "stress";
          span.dataset.k = String(k);
          span.dataset.value = String(v);
          span.textContent = `${k ? ", " : ""}${stressNames[k] ?? `s${k + 1}`} = ${String(v)}`;
          return span;
        }),
      );
      break;
    case "evaluate-error":
      ui.stressOut.textContent = m.message;
      break;
  }
}

function readFile(file: File): void {
  for (const r of ui.builtins.querySelectorAll("input")) (r as HTMLInputElement).checked = false;
  builtinCommand = undefined;
  ui.dataStatus.className = "muted";
  ui.dataStatus.textContent = `reading ${file.name}…`;
  file.text().then(
    (text) => send({ type: "file", name: file.name, text }),
    (err: unknown) =>
      onMessage({ type: "data-error", message: `${file.name}: cannot read the file (${String(err)})` }),
  );
}

function start(): void {
  setState("loading");
  const url = URL.createObjectURL(new Blob([__MIANN_WORKER_SOURCE__], { type: "text/javascript" }));
  worker = new Worker(url);
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  worker.onerror = (e) => {
    ui.progress.textContent = `The training worker failed: ${e.message}`;
    ui.progress.className = "error";
  };
  ui.file.addEventListener("change", () => {
    const f = ui.file.files?.[0];
    if (f) readFile(f);
  });
  ui.drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    ui.drop.classList.add("over");
  });
  ui.drop.addEventListener("dragleave", () => ui.drop.classList.remove("over"));
  ui.drop.addEventListener("drop", (e) => {
    e.preventDefault();
    ui.drop.classList.remove("over");
    const f = e.dataTransfer?.files?.[0];
    if (f && !training) readFile(f);
  });
  for (const el of [ui.kind, ui.hidden, ui.epochs, ui.seed, ui.lr, ui.batch]) {
    el.addEventListener("input", () => {
      showError(ui.settingsError, undefined);
      updateCli();
    });
  }
  ui.train.addEventListener("click", () => {
    const s = readSettings();
    if (typeof s === "string") {
      showError(ui.settingsError, s);
      return;
    }
    showError(ui.settingsError, undefined);
    training = true;
    history = [];
    epochsPlanned = s.epochs ?? 1; // the first progress message tells the default
    drawLoss();
    ui.results.hidden = true;
    ui.liveErrors.querySelector("th:last-child")!.textContent = "validation RMSE/σ";
    ui.progress.className = "muted";
    ui.progress.textContent = "Training…";
    setState("training");
    updateButtons();
    send({ type: "train", request: s });
    ui.stop.focus();
  });
  ui.stop.addEventListener("click", () => {
    send({ type: "stop" });
    ui.progress.textContent = "Stopping at the end of this epoch…";
  });
  ui.evaluate.addEventListener("submit", (e) => {
    e.preventDefault();
    const strain = strainNames.map((_, k) => Number(($(`strain-${k}`) as HTMLInputElement).value));
    send({ type: "evaluate", strain });
  });
  drawLoss();
  updateCli();
}

start();
