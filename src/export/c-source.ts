import type { BakedNetwork } from "./baked-network.js";
import { cNumber } from "./numbers.js";
import { conventionLines, type Provenance, provenanceLines } from "./provenance.js";

/**
 * What a model family other than the MIANN puts around the shared network in C: its constants
 * (replacing the scaling D, κ), its `at_zero` and `evaluate` (same signatures), the strain
 * dimension of the public functions, and extra lines for the header comment and declarations.
 */
export interface CFamily {
  strainDim: number;
  constants: string;
  wrapper: string;
  notes: string[];
  headerExtra?: string;
}

/** The generated C99 material: the implementation and its header. */
export interface CMaterialSource {
  source: string;
  header: string;
}

function cArray(name: string, values: ArrayLike<number>): string {
  const items: string[] = [];
  for (let i = 0; i < values.length; i++) items.push(cNumber(values[i]));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 3) lines.push(`  ${items.slice(i, i + 3).join(", ")}`);
  return `static const double ${name}[${values.length}] = {\n${lines.join(",\n")}\n};\n`;
}

/**
 * Generates self-contained C99 (libm only) for the network of `net`: energy, stress, stress and
 * tangent, and a batch form, in miann's Voigt order and physical units (scaling inside).
 * The forward, reverse and tangent passes follow docs/theory.md, section "The derivatives"; the tangent is d forward tangent
 * passes, each followed by a reverse pass to x. Routine names are `<prefix>_...`; `prefix` must
 * have passed checkPrefix.
 */
export function generateC(
  net: BakedNetwork,
  prov: Provenance,
  prefix: string,
  family?: CFamily,
): CMaterialSource {
  const d = net.inputDim;
  // the strain dimension of the public functions (the network's input width for the MIANN)
  const sd = family?.strainDim ?? d;
  const n = net.hidden;
  const L = n.length;
  const about = [
    ...provenanceLines(prov),
    "",
    ...conventionLines(sd),
    "tangent = d stress / d strain, d x d row-major (symmetric)",
    "energy = strain energy per unit reference volume (area for membranes), W(0) = 0",
    ...(family?.notes ?? []),
  ];
  const comment = `/*\n${about.map((l) => ` * ${l}`.trimEnd()).join("\n")}\n */\n`;
  const guard = `${prefix.toUpperCase()}_MATERIAL_H`;
  const header = `${comment}#ifndef ${guard}
#define ${guard}

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Voigt dimension of strain and stress */
#define ${prefix.toUpperCase()}_DIM ${sd}

/* strain energy W at one point */
double ${prefix}_energy(const double strain[${sd}]);
/* stress at one point */
void ${prefix}_stress(const double strain[${sd}], double stress[${sd}]);
/* stress and tangent (${d}x${d} row-major) at one point */
void ${prefix}_stress_tangent(const double strain[${sd}], double stress[${sd}], double tangent[${sd * sd}]);
/* any of energy, stress, tangent at one point; pass NULL for what is not wanted */
void ${prefix}_evaluate(const double strain[${sd}], double *energy, double *stress, double *tangent);${family?.headerExtra ?? ""}
/* n points: strain and stress n x ${sd}, tangent n x ${sd} x ${sd} (may be NULL), all row-major */
void ${prefix}_stress_tangent_batch(size_t n, const double *strain, double *stress, double *tangent);

#ifdef __cplusplus
}
#endif

#endif
`;

  const parts: string[] = [comment, "#include <math.h>\n#include <stddef.h>\n\n"];
  parts.push(`/* network parameters, constraint maps already applied (P(Q), P(q), M = A^T A) */\n`);
  parts.push(cArray("W1", net.W1), cArray("B1", net.b1));
  net.layers.forEach((layer, i) => {
    const l = i + 2;
    parts.push(cArray(`P${l}`, layer.P), cArray(`B${l}`, layer.b), cArray(`S${l}`, layer.S));
  });
  parts.push(cArray("QOUT", net.q), cArray("MQ", net.M));
  if (family) parts.push(family.constants);
  else {
    parts.push(`/* scaling x' = x / D, N = kappa * N~(x') */\n`);
    parts.push(cArray("DSCALE", net.strainScale));
    parts.push(`static const double KAPPA = ${cNumber(net.stressScale)};\n`);
  }
  parts.push(`static const double BETA2 = ${cNumber(net.beta * net.beta)};\n\n`);
  parts.push(`/* phi(a) = softplus(b a)^2 / (2 b^2), b = beta^2, and its first two derivatives,
   overflow-free (exp only of -|u|); miann's docs/theory.md, section "The derivatives" */
static void activation(double a, double *z, double *dz, double *ddz)
{
  const double u = BETA2 * a;
  const double e = exp(-fabs(u));
  const double s = (u > 0.0 ? u : 0.0) + log1p(e);
  const double g = u >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  const double gp = e / ((1.0 + e) * (1.0 + e));
  *z = s * s / (2.0 * BETA2 * BETA2);
  *dz = s * g / BETA2;
  *ddz = g * g + s * gp;
}

`);
  // the network on scaled input: value, gradient, Hessian
  const b: string[] = [];
  b.push(
    "/* N~(x'), its gradient and Hessian (d x d row-major) at scaled strain x' (miann's docs/theory.md, section 'The derivatives') */",
  );
  b.push("static void network(const double *x, double *value, double *grad, double *hess)\n{");
  b.push(`  int i, ${L > 1 ? "j, " : ""}k, m;\n  double s;`);
  for (let l = 1; l <= L; l++) {
    const w = n[l - 1];
    b.push(`  double z${l}[${w}], d${l}[${w}], e${l}[${w}], G${l}[${w}], g${l}[${w}];`);
  }
  b.push("  /* forward: a_l = P_l z_(l-1) + b_l + S_l x, z_l = phi(a_l); d = phi', e = phi'' */");
  b.push(
    `  for (i = 0; i < ${n[0]}; i++) {\n    double a = B1[i];\n    for (k = 0; k < ${d}; k++) a += W1[i * ${d} + k] * x[k];\n    activation(a, &z${1}[i], &d1[i], &e1[i]);\n  }`,
  );
  for (let l = 2; l <= L; l++) {
    const w = n[l - 1];
    const wp = n[l - 2];
    b.push(
      `  for (i = 0; i < ${w}; i++) {\n    double a = B${l}[i];\n    for (j = 0; j < ${wp}; j++) a += P${l}[i * ${wp} + j] * z${l - 1}[j];\n    for (k = 0; k < ${d}; k++) a += S${l}[i * ${d} + k] * x[k];\n    activation(a, &z${l}[i], &d${l}[i], &e${l}[i]);\n  }`,
    );
  }
  b.push(
    `  if (value) {\n    s = 0.0;\n    for (i = 0; i < ${n[L - 1]}; i++) s += QOUT[i] * z${L}[i];\n    for (k = 0; k < ${d}; k++)\n      for (m = 0; m < ${d}; m++) s += x[k] * MQ[k * ${d} + m] * x[m];\n    *value = s;\n  }`,
  );
  b.push("  /* reverse: G_l = adjoint of z_l, g_l = adjoint of a_l = G_l phi'(a_l) */");
  b.push(
    `  for (i = 0; i < ${n[L - 1]}; i++) {\n    G${L}[i] = QOUT[i];\n    g${L}[i] = QOUT[i] * d${L}[i];\n  }`,
  );
  for (let l = L; l >= 2; l--) {
    const w = n[l - 1];
    const wp = n[l - 2];
    b.push(
      `  for (j = 0; j < ${wp}; j++) {\n    s = 0.0;\n    for (i = 0; i < ${w}; i++) s += P${l}[i * ${wp} + j] * g${l}[i];\n    G${l - 1}[j] = s;\n    g${l - 1}[j] = s * d${l - 1}[j];\n  }`,
    );
  }
  // x-adjoint of the gradient pass: grad += W1^T g_1 + sum_l S_l^T g_l
  const inputAdjoint = (adj: (l: number) => string): string => {
    const lines = [`  for (k = 0; k < ${d}; k++) {`, "    s = 0.0;"];
    lines.push(`    for (i = 0; i < ${n[0]}; i++) s += W1[i * ${d} + k] * ${adj(1)}[i];`);
    for (let l = 2; l <= L; l++)
      lines.push(`    for (i = 0; i < ${n[l - 1]}; i++) s += S${l}[i * ${d} + k] * ${adj(l)}[i];`);
    lines.push("    grad[k] += s;", "  }");
    return lines.join("\n");
  };
  b.push(
    `  for (k = 0; k < ${d}; k++) {\n    s = 0.0;\n    for (m = 0; m < ${d}; m++) s += 2.0 * MQ[k * ${d} + m] * x[m];\n    grad[k] = s;\n  }`,
  );
  b.push(inputAdjoint((l) => `g${l}`));
  b.push("  if (!hess) return;");
  b.push("  /* tangent passes v = e_c (t = da/dv, w = dz/dv), each followed by a reverse pass to x:");
  b.push("     r_l = G_l phi''(a_l) t_l + (P_(l+1)^T r_(l+1)) phi'(a_l); row c of the Hessian is");
  b.push("     W1^T r_1 + sum_l S_l^T r_l + 2 M e_c */");
  b.push("  {\n    int c;");
  for (let l = 1; l <= L; l++) {
    const w = n[l - 1];
    b.push(`    double t${l}[${w}], r${l}[${w}]${l < L ? `, w${l}[${w}]` : ""};`);
  }
  b.push(`    for (c = 0; c < ${d}; c++) {`);
  b.push(
    `      for (i = 0; i < ${n[0]}; i++) {\n        t1[i] = W1[i * ${d} + c];${L > 1 ? "\n        w1[i] = d1[i] * t1[i];" : ""}\n      }`,
  );
  for (let l = 2; l <= L; l++) {
    const w = n[l - 1];
    const wp = n[l - 2];
    b.push(
      `      for (i = 0; i < ${w}; i++) {\n        s = S${l}[i * ${d} + c];\n        for (j = 0; j < ${wp}; j++) s += P${l}[i * ${wp} + j] * w${l - 1}[j];\n        t${l}[i] = s;${l < L ? `\n        w${l}[i] = d${l}[i] * s;` : ""}\n      }`,
    );
  }
  b.push(`      for (i = 0; i < ${n[L - 1]}; i++) r${L}[i] = G${L}[i] * e${L}[i] * t${L}[i];`);
  for (let l = L; l >= 2; l--) {
    const w = n[l - 1];
    const wp = n[l - 2];
    b.push(
      `      for (j = 0; j < ${wp}; j++) {\n        s = 0.0;\n        for (i = 0; i < ${w}; i++) s += P${l}[i * ${wp} + j] * r${l}[i];\n        r${l - 1}[j] = G${l - 1}[j] * e${l - 1}[j] * t${l - 1}[j] + s * d${l - 1}[j];\n      }`,
    );
  }
  b.push(`      for (m = 0; m < ${d}; m++) {\n        s = 2.0 * MQ[m * ${d} + c];`);
  b.push(`        for (i = 0; i < ${n[0]}; i++) s += W1[i * ${d} + m] * r1[i];`);
  for (let l = 2; l <= L; l++)
    b.push(`        for (i = 0; i < ${n[l - 1]}; i++) s += S${l}[i * ${d} + m] * r${l}[i];`);
  b.push(`        hess[c * ${d} + m] = s;\n      }\n    }\n  }\n}\n`);
  parts.push(b.join("\n"), "\n");
  if (family) parts.push(family.wrapper);
  else
    parts.push(`/* N~(0) and grad N~(0), computed here rather than baked, so that s(0) = 0 and W(0) = 0 hold
   exactly whatever the compiler's rounding */
static void at_zero(double *n0, double *g0)
{
  static const double zero[${d}] = {0.0};
  network(zero, n0, g0, NULL);
}

/* physical units (miann's docs/theory.md, section "Scaling"): x' = x / D,
   s = kappa D^-1 (grad N~(x') - grad N~(0)), C = kappa D^-1 hess N~(x') D^-1 (symmetrised),
   W = kappa (N~(x') - N~(0) - grad N~(0) . x') */
static void evaluate(const double *n0, const double *g0, const double *strain, double *energy,
                     double *stress, double *tangent)
{
  double xs[${d}], g[${d}], h[${d * d}], v = 0.0;
  int k, m;
  for (k = 0; k < ${d}; k++) xs[k] = strain[k] / DSCALE[k];
  network(xs, energy ? &v : NULL, g, tangent ? h : NULL);
  if (stress)
    for (k = 0; k < ${d}; k++) stress[k] = KAPPA * (g[k] - g0[k]) / DSCALE[k];
  if (tangent)
    for (k = 0; k < ${d}; k++)
      for (m = 0; m < ${d}; m++)
        tangent[k * ${d} + m] = KAPPA * (0.5 * (h[k * ${d} + m] + h[m * ${d} + k]) / DSCALE[k]) / DSCALE[m];
  if (energy) {
    double w = v - *n0;
    for (k = 0; k < ${d}; k++) w -= g0[k] * xs[k];
    *energy = KAPPA * w;
  }
}

`);
  parts.push(`void ${prefix}_evaluate(const double *strain, double *energy, double *stress, double *tangent)
{
  double n0, g0[${d}];
  at_zero(&n0, g0);
  evaluate(&n0, g0, strain, energy, stress, tangent);
}

double ${prefix}_energy(const double strain[${sd}])
{
  double w;
  ${prefix}_evaluate(strain, &w, NULL, NULL);
  return w;
}

void ${prefix}_stress(const double strain[${sd}], double stress[${sd}])
{
  ${prefix}_evaluate(strain, NULL, stress, NULL);
}

void ${prefix}_stress_tangent(const double strain[${sd}], double stress[${sd}], double tangent[${sd * sd}])
{
  ${prefix}_evaluate(strain, NULL, stress, tangent);
}

void ${prefix}_stress_tangent_batch(size_t n, const double *strain, double *stress, double *tangent)
{
  double n0, g0[${d}];
  size_t p;
  at_zero(&n0, g0);
  for (p = 0; p < n; p++)
    evaluate(&n0, g0, strain + p * ${sd}, NULL, stress + p * ${sd}, tangent ? tangent + p * ${sd * sd} : NULL);
}
`);
  return { source: parts.join(""), header };
}
