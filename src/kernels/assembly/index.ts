// WebAssembly SIMD kernels of the input-convex network, docs/theory.md, sections "The model" and "The derivatives" (same maths as the
// TypeScript reference src/core/network.ts, which is the test oracle).
//
// Samples are processed four at a time: every per-unit quantity of a block is two f64x2 vectors
// (lanes = samples), 32 bytes per unit, so each weight is loaded once and used for four samples.
// Parameters are transformed once per call (prepare: P(Q), dP/dQ, dP/dα, M = AᵀA). Memory is a
// bump allocator over the linear memory; nothing is allocated after setup except when a batch
// outgrows the sample buffers (reserve).
//
// Parameter order (src/core/layout.ts): W1 | b1 | (Q_l | b_l | S_l)* | qOut | A? | extras | alpha | beta,
// A present when QUADRATIC; which groups pass through P(·; α) is set by the flags of init().
// The loss maps ∇N(y) to the stress through an optional per-sample pullback and zero-state term
// (LossMap in src/core/kernels.ts): one kernel for the MIANN and the polyconvex family.

import { vexp, vexpNonPositive, vlog1p, vlog1pUnit, vsoftplus } from "./simdmath";

// the regression baseline's kernel (a separate kind of instance, see regression.ts)
export * from "./regression";
// Adam's update (a separate kind of instance, see adam.ts)
export * from "./adam";
// the polyconvex family's tangent (a separate kind of instance, see polyconvex-tangent.ts)
export * from "./polyconvex-tangent";

// ---------------------------------------------------------------- layout and buffers
let D: i32 = 0; // the network's input width m (the strain dimension d for the MIANN)
let DS: i32 = 0; // the stress dimension of the loss's targets (= D without a pullback)
let NL: i32 = 0; // number of hidden layers L
let POS_HIDDEN: bool = true; // Q_l and qOut through P(·; α)
let POS_INPUT: bool = false; // W1 and S_l through P(·; α)
let QUADRATIC: bool = true; // the xᵀAᵀAx term
let NEXTRA: i32 = 0; // extra positive scalars after A
let SIZE: i32 = 0; // number of parameters
let MAXW: i32 = 0;
let OFF_QOUT: i32 = 0;
let OFF_A: i32 = 0;
let OFF_ALPHA: i32 = 0;
let OFF_BETA: i32 = 0;

// per-layer i32 tables (index l = 0..L-1; layer 0 is the input layer W1, b1)
let tWidth: usize = 0;
let tInW: usize = 0; // previous width (layer 0: d)
let tOffW: usize = 0; // W1 or Q_l
let tOffB: usize = 0; // b1 or b_l
let tOffS: usize = 0; // S_l (layer 0: W1 again)
let tBlock: usize = 0; // usize pointer of the layer's block arrays

let heapTop: usize = 0;
// the block arrays of every layer after the pass at x = 0 (gradientAtZero), kept for the zero-strain
// term of finishGradient in the same call: one primal and input-gradient pass fewer per call
let pZeroBlocks: usize = 0;
let blockBytes: usize = 0;
let zeroCached: bool = false;
let fixedTop: usize = 0;

let pParams: usize = 0; // raw parameters (written by the host)
let pEff: usize = 0; // parameters with Q, qOut replaced by P(Q)
let pDq: usize = 0; // dP/dQ
let pDa: usize = 0; // dP/dalpha
let pM: usize = 0; // AᵀA
let pAcc: usize = 0; // f64x2 accumulator per parameter
let pGraw: usize = 0; // lane-reduced raw gradient (P̄ at Q slots, G = Σ x vᵀ + v xᵀ at A slots)
let pGrad: usize = 0; // final gradient
let pRsum: usize = 0; // Σ_m r_m (d)
let pG0: usize = 0; // ∇N(0) (d)
let pSigma: usize = 0; // σ (d)
// block scratch: 32 bytes per unit (4 samples)
let pXb: usize = 0;
let pVb: usize = 0;
let pYb: usize = 0;
let pWb: usize = 0;
let pGx: usize = 0;
let pTx: usize = 0; // Sᵀā of a block (d), added to pGx
let pZb0: usize = 0;
let pZb1: usize = 0;
let pAb: usize = 0;
let pAdb: usize = 0;
let pLossAcc: usize = 0;
// the Hessian's scratch: ȧ_l of every layer along each input direction e_k (D × SUMW units, direction
// by direction, layers in order) and c_l = ż̄_l φ″(a_l) of every layer (SUMW units)
let SUMW: i32 = 0;
let pJac: usize = 0;
let pCurv: usize = 0;
// sample buffers (grown by reserve)
let capacity: i32 = 0;
let pX: usize = 0;
let pY: usize = 0; // targets (n×DS)
let pW: usize = 0; // known-entry weights w_mk of the loss (n×DS), read when masked
let pB: usize = 0; // per-sample pullback B_m = ∂y/∂x (n×D×DS)
let pK: usize = 0; // zero-state vectors k_m (n×DS)
let pGam: usize = 0; // growth factors γ_m (n)
let pC: usize = 0; // zero-state direction c (D)
let pRho: usize = 0; // ∂L/∂S of one sample (DS)
let pOut: usize = 0;
let pOut2: usize = 0; // gradients written alongside Hessians (n×d)

let beta: f64 = 1.0;
let b2: f64 = 1.0;
let invB2: f64 = 1.0;
let inv2B4: f64 = 1.0;

function alloc(bytes: usize): usize {
  const p = (heapTop + 31) & ~(<usize>31);
  heapTop = p + bytes;
  const need = <i32>((heapTop + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  memory.fill(p, 0, bytes);
  return p;
}

// @ts-ignore: decorator
@inline function wid(l: i32): i32 {
  return load<i32>(tWidth + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function inw(l: i32): i32 {
  return load<i32>(tInW + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function offW(l: i32): i32 {
  return load<i32>(tOffW + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function offB(l: i32): i32 {
  return load<i32>(tOffB + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function offS(l: i32): i32 {
  return load<i32>(tOffS + (<usize>l << 2));
}
// block arrays of layer l: a, z, phi', phi'', ȧ, ż, ż̄ (each width × 32 bytes)
// @ts-ignore: decorator
@inline function blk(l: i32, which: i32): usize {
  return load<usize>(tBlock + (<usize>l << 2)) + <usize>(which * wid(l)) * 32;
}
const BA = 0;
const BZ = 1;
const BD1 = 2;
const BD2 = 3;
const BAD = 4;
const BZD = 5;
const BZDB = 6; // ż̄_l = ∂N/∂z_l: the input-gradient chain, independent of the direction v
const SLOTS = 7;

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// vector constants used in loops, loaded once before the loop (V8 would rebuild a v128.const in
// the loop body at every use: three instructions each)
const K_ONE: usize = memory.data<f64>([1.0, 1.0], 16);
const K_TWO: usize = memory.data<f64>([2.0, 2.0], 16);
/** both lanes = the f64 at p (one movddup) */
// @ts-ignore: decorator
@inline function lds(p: usize): v128 {
  return v128.load64_splat(p);
}
// @ts-ignore: decorator
@inline function sp(x: f64): v128 {
  return f64x2.splat(x);
}
// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 {
  return f64x2.add(a, b);
}
// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 {
  return f64x2.mul(a, b);
}
/**
 * acc + a·b. The baseline build (kernels.wasm) rounds the product and the sum separately; the
 * relaxed-SIMD build (kernels-relaxed.wasm, chosen at load time where the engine has relaxed SIMD:
 * src/kernels/wasm-module.ts) emits relaxed_madd, a fused multiply-add on CPUs with FMA. Both
 * agree with the TypeScript reference to 1e-12 (tested).
 */
// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, acc);
  return f64x2.add(acc, f64x2.mul(a, b));
}
/** a·b + c·d: baseline rounds both products and the sum (bits unchanged), relaxed fuses one */
// @ts-ignore: decorator
@inline function dot2(a: v128, b: v128, c: v128, d: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, f64x2.mul(c, d));
  return f64x2.add(f64x2.mul(a, b), f64x2.mul(c, d));
}
/** acc + (a·b + c·d): baseline as a pairwise sum (its bits are unchanged), relaxed as two FMAs */
// @ts-ignore: decorator
@inline function madd2(acc: v128, a: v128, b: v128, c: v128, d: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(c, d, f64x2.relaxed_madd(a, b, acc));
  return f64x2.add(acc, f64x2.add(f64x2.mul(a, b), f64x2.mul(c, d)));
}
/** acc + ((a·b + c·d) + (e·f + g·h)): baseline pairwise, relaxed as four FMAs */
// @ts-ignore: decorator
@inline function madd4(
  acc: v128,
  a: v128,
  b: v128,
  c: v128,
  d: v128,
  e: v128,
  f: v128,
  g: v128,
  h: v128,
): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(
      g,
      h,
      f64x2.relaxed_madd(e, f, f64x2.relaxed_madd(c, d, f64x2.relaxed_madd(a, b, acc))),
    );
  }
  return f64x2.add(
    acc,
    f64x2.add(f64x2.add(f64x2.mul(a, b), f64x2.mul(c, d)), f64x2.add(f64x2.mul(e, f), f64x2.mul(g, h))),
  );
}
// @ts-ignore: decorator
@inline function ld(p: usize): v128 {
  return v128.load(p);
}
// @ts-ignore: decorator
@inline function st(p: usize, v: v128): void {
  v128.store(p, v);
}

/**
 * Starts a new network: input width, number of hidden layers, constraint flags (bit 0: Q_l and
 * qOut positive, bit 1: W1 and S_l positive, bit 2: no quadratic term), extra positive scalars,
 * stress dimension of the loss (0: the input width).
 */
export function init(d: i32, layers: i32, flags: i32, extras: i32, outputDim: i32): void {
  D = d;
  DS = outputDim > 0 ? outputDim : d;
  NL = layers;
  POS_HIDDEN = (flags & 1) != 0;
  POS_INPUT = (flags & 2) != 0;
  QUADRATIC = (flags & 4) == 0;
  NEXTRA = extras;
  heapTop = __heap_base;
  tWidth = alloc(<usize>layers << 2);
  tInW = alloc(<usize>layers << 2);
  tOffW = alloc(<usize>layers << 2);
  tOffB = alloc(<usize>layers << 2);
  tOffS = alloc(<usize>layers << 2);
  tBlock = alloc(<usize>layers << 2);
  tGroups = alloc(<usize>(2 * layers + 2) << 3);
}

export function setWidth(l: i32, w: i32): void {
  store<i32>(tWidth + (<usize>l << 2), w);
}

/** Computes the parameter offsets (as src/core/layout.ts) and allocates every fixed buffer. */
export function build(): i32 {
  let off = 0;
  MAXW = D;
  for (let l = 0; l < NL; l++) {
    const w = wid(l);
    if (w > MAXW) MAXW = w;
    const nin = l == 0 ? D : wid(l - 1);
    store<i32>(tInW + (<usize>l << 2), nin);
    if (l == 0) {
      store<i32>(tOffW, off);
      store<i32>(tOffS, off);
      off += w * D;
      store<i32>(tOffB, off);
      off += w;
    } else {
      store<i32>(tOffW + (<usize>l << 2), off);
      off += w * nin;
      store<i32>(tOffB + (<usize>l << 2), off);
      off += w;
      store<i32>(tOffS + (<usize>l << 2), off);
      off += w * D;
    }
  }
  OFF_QOUT = off;
  off += wid(NL - 1);
  OFF_A = off;
  if (QUADRATIC) off += D * D;
  off += NEXTRA;
  OFF_ALPHA = off++;
  OFF_BETA = off++;
  SIZE = off;
  const sz = <usize>SIZE << 3;
  pParams = alloc(sz);
  pEff = alloc(sz);
  pDq = alloc(sz);
  pDa = alloc(sz);
  pM = alloc(<usize>(D * D) << 3);
  pAcc = alloc(<usize>SIZE << 4);
  pGraw = alloc(sz);
  pGrad = alloc(sz);
  pRsum = alloc(<usize>D << 3);
  pG0 = alloc(<usize>D << 3);
  pSigma = alloc(<usize>DS << 3);
  pC = alloc(<usize>D << 3);
  pRho = alloc(<usize>DS << 3);
  const db = <usize>D * 32;
  pXb = alloc(db);
  pVb = alloc(db);
  pYb = alloc(<usize>DS * 32);
  pWb = alloc(<usize>DS * 32);
  pGx = alloc(db);
  pTx = alloc(db);
  const wb = <usize>MAXW * 32;
  pZb0 = alloc(wb);
  pZb1 = alloc(wb);
  pAb = alloc(wb);
  pAdb = alloc(wb);
  pLossAcc = alloc(32);
  SUMW = 0;
  for (let l = 0; l < NL; l++) SUMW += wid(l);
  pJac = alloc(<usize>(D * SUMW) * 32);
  pCurv = alloc(<usize>SUMW * 32);
  // the layers' block arrays, contiguous (so that the zero-strain pass is saved by one copy)
  blockBytes = 0;
  for (let l = 0; l < NL; l++) blockBytes += <usize>wid(l) * 32 * SLOTS;
  let blocks = alloc(blockBytes);
  for (let l = 0; l < NL; l++) {
    store<usize>(tBlock + (<usize>l << 2), blocks);
    blocks += <usize>wid(l) * 32 * SLOTS;
  }
  pZeroBlocks = alloc(blockBytes);
  fixedTop = heapTop;
  capacity = 0;
  listPositiveGroups();
  return SIZE;
}

/** Makes the sample buffers hold n samples (x, y: n×d; out: n×d×d). */
export function reserve(n: i32): void {
  if (n <= capacity) return;
  heapTop = fixedTop;
  const c = <usize>(n + 4);
  pX = alloc(c * <usize>D * 8);
  pY = alloc(c * <usize>DS * 8);
  pW = alloc(c * <usize>DS * 8);
  pB = alloc(c * <usize>(D * DS) * 8);
  pK = alloc(c * <usize>DS * 8);
  pGam = alloc(c * 8);
  pOut = alloc(c * <usize>(D * D) * 8);
  pOut2 = alloc(c * <usize>D * 8);
  capacity = n;
}

export function ptrParams(): usize {
  return pParams;
}
export function ptrX(): usize {
  return pX;
}
export function ptrY(): usize {
  return pY;
}
export function ptrW(): usize {
  return pW;
}
export function ptrB(): usize {
  return pB;
}
export function ptrK(): usize {
  return pK;
}
export function ptrGamma(): usize {
  return pGam;
}
export function ptrC(): usize {
  return pC;
}
export function ptrOut(): usize {
  return pOut;
}
export function ptrOut2(): usize {
  return pOut2;
}
export function ptrSigma(): usize {
  return pSigma;
}
export function ptrGraw(): usize {
  return pGraw;
}
export function ptrGrad(): usize {
  return pGrad;
}
export function ptrRsum(): usize {
  return pRsum;
}

// ---------------------------------------------------------------- parameter transform
/** softplus(u) and sigmoid(u) of a scalar, overflow-free (docs/theory.md, section "The derivatives"). */
function softplus(u: f64): f64 {
  return (u > 0 ? u : 0) + Math.log1p(Math.exp(-Math.abs(u)));
}
function sigmoid(u: f64): f64 {
  const e = Math.exp(-Math.abs(u));
  return u >= 0 ? 1 / (1 + e) : e / (1 + e);
}

function mapBlock(start: i32, count: i32, alpha: f64): void {
  const a2 = alpha * alpha;
  const end = start + count;
  let i = start;
  {
    // the activation's vectorised softplus / sigmoid, on vectors of two weights
    const va2 = sp(a2);
    const vinvA2 = sp(1.0 / a2);
    const vtwoOverA = sp(2.0 / alpha);
    const one = v128.load(K_ONE);
    const zero = sp(0.0);
    // four weights (two independent vectors) at a time, and exp(−|u|) of the whole group first
    // (into dP/dQ, overwritten below), as the activation (forwardPrimal)
    const groupEnd4 = start + ((count >> 2) << 2);
    for (let j = start; j < groupEnd4; j += 4) {
      const p = <usize>j << 3;
      const u = mul(va2, v128.load(pParams + p));
      const u2 = mul(va2, v128.load(pParams + p + 16));
      v128.store(pDq + p, vexpNonPositive(f64x2.neg(f64x2.abs(u))));
      v128.store(pDq + p + 16, vexpNonPositive(f64x2.neg(f64x2.abs(u2))));
    }
    for (; i + 3 < end; i += 4) {
      const p = <usize>i << 3;
      const q = v128.load(pParams + p);
      const q2 = v128.load(pParams + p + 16);
      const u = mul(va2, q);
      const u2 = mul(va2, q2);
      const e = v128.load(pDq + p);
      const e2 = v128.load(pDq + p + 16);
      const up = add(one, e);
      const up2 = add(one, e2);
      const r = f64x2.div(one, up);
      const r2 = f64x2.div(one, up2);
      const s = add(f64x2.pmax(u, zero), vlog1pUnit(e));
      const s2 = add(f64x2.pmax(u2, zero), vlog1pUnit(e2));
      const sg = v128.bitselect(r, mul(e, r), f64x2.ge(u, zero));
      const sg2 = v128.bitselect(r2, mul(e2, r2), f64x2.ge(u2, zero));
      const P = mul(s, vinvA2);
      const P2 = mul(s2, vinvA2);
      v128.store(pEff + p, P);
      v128.store(pEff + p + 16, P2);
      v128.store(pDq + p, sg);
      v128.store(pDq + p + 16, sg2);
      v128.store(pDa + p, mul(vtwoOverA, f64x2.sub(mul(q, sg), P)));
      v128.store(pDa + p + 16, mul(vtwoOverA, f64x2.sub(mul(q2, sg2), P2)));
    }
    for (; i + 1 < end; i += 2) {
      const p = <usize>i << 3;
      const q = v128.load(pParams + p);
      const u = mul(va2, q);
      const e = vexpNonPositive(f64x2.neg(f64x2.abs(u)));
      const up = add(one, e);
      const r = f64x2.div(one, up);
      const s = add(f64x2.pmax(u, zero), vlog1pUnit(e));
      const sg = v128.bitselect(r, mul(e, r), f64x2.ge(u, zero));
      const P = mul(s, vinvA2);
      v128.store(pEff + p, P);
      v128.store(pDq + p, sg);
      // ∂P/∂α = (2/α)(Qσ − P)
      v128.store(pDa + p, mul(vtwoOverA, f64x2.sub(mul(q, sg), P)));
    }
  }
  for (; i < end; i++) {
    const q = f(pParams, i);
    const p = <usize>i << 3;
    const u = a2 * q;
    const s = softplus(u);
    const sg = sigmoid(u);
    // P = softplus(α²Q)/α², ∂P/∂Q = σ(α²Q), ∂P/∂α = 2Qσ/α − 2 softplus/α³
    store<f64>(pEff + p, s / a2);
    store<f64>(pDq + p, sg);
    store<f64>(pDa + p, (2 * q * sg) / alpha - (2 * s) / (a2 * alpha));
  }
}

// The positive groups (layout order) as (start, count) pairs in an i32 table of 2·(2L + 1) entries.
let tGroups: usize = 0;
let NGROUPS: i32 = 0;

function addGroup(start: i32, count: i32): void {
  store<i32>(tGroups + (<usize>NGROUPS << 3), start);
  store<i32>(tGroups + (<usize>NGROUPS << 3) + 4, count);
  NGROUPS++;
}
// @ts-ignore: decorator
@inline function groupStart(g: i32): i32 {
  return load<i32>(tGroups + (<usize>g << 3));
}
// @ts-ignore: decorator
@inline function groupCount(g: i32): i32 {
  return load<i32>(tGroups + (<usize>g << 3) + 4);
}

/** Lists the positive groups in the order of the flat vector (src/core/layout.ts). */
function listPositiveGroups(): void {
  NGROUPS = 0;
  if (POS_INPUT) addGroup(offW(0), wid(0) * D);
  for (let l = 1; l < NL; l++) {
    if (POS_HIDDEN) addGroup(offW(l), wid(l) * inw(l));
    if (POS_INPUT) addGroup(offS(l), wid(l) * D);
  }
  if (POS_HIDDEN) addGroup(OFF_QOUT, wid(NL - 1));
  if (NEXTRA > 0) addGroup(OFF_ALPHA - NEXTRA, NEXTRA);
}

/** Transforms the raw parameters once per call: P(·) of the positive groups, dP/dR, dP/dα, M = AᵀA, β powers. */
export function prepare(): void {
  zeroCached = false;
  memory.copy(pEff, pParams, <usize>SIZE << 3);
  const alpha = f(pParams, OFF_ALPHA);
  for (let g = 0; g < NGROUPS; g++) mapBlock(groupStart(g), groupCount(g), alpha);
  for (let i = 0; i < D && QUADRATIC; i++) {
    for (let j = 0; j < D; j++) {
      let m: f64 = 0;
      for (let k = 0; k < D; k++) m += f(pParams, OFF_A + k * D + i) * f(pParams, OFF_A + k * D + j);
      store<f64>(pM + (<usize>(i * D + j) << 3), m);
    }
  }
  beta = f(pParams, OFF_BETA);
  b2 = beta * beta;
  invB2 = 1.0 / b2;
  inv2B4 = 1.0 / (2.0 * b2 * b2);
}

// ---------------------------------------------------------------- block passes
/** Loads up to 4 samples (from sample m, c of them) of a n×d array into block layout; pads with 0. */
function loadBlock(src: usize, m: i32, c: i32, dst: usize): void {
  for (let k = 0; k < D; k++) {
    for (let s = 0; s < 4; s++) {
      const v: f64 = s < c ? load<f64>(src + (<usize>((m + s) * D + k) << 3)) : 0.0;
      store<f64>(dst + <usize>k * 32 + (<usize>s << 3), v);
    }
  }
}

/**
 * out_i = bias_i + Σ_j W_ij in_j + Σ_k S_ik x_k for i < w on one block (W: w×nin row-major at pW,
 * S: w×d at pS, bias at pB or none when pB = 0). Rows in pairs: four independent accumulators.
 */
function affineBlock(out: usize, w: i32, pW: usize, nin: i32, inArr: usize, pS: usize, xArr: usize, pB: usize): void {
  let i = 0;
  // four rows at a time: eight independent accumulators hide the add latency
  for (; i + 3 < w; i += 4) {
    let lo0 = sp(0.0);
    let hi0 = lo0;
    let lo1 = lo0;
    let hi1 = lo0;
    let lo2 = lo0;
    let hi2 = lo0;
    let lo3 = lo0;
    let hi3 = lo0;
    const r0 = pW + (<usize>(i * nin) << 3);
    const rs = <usize>nin << 3;
    for (let j = 0; j < nin; j++) {
      const p = inArr + (<usize>j << 5);
      const zl = ld(p);
      const zh = ld(p + 16);
      const q = r0 + (<usize>j << 3);
      const w0 = lds(q);
      const w1 = lds(q + rs);
      const w2 = lds(q + 2 * rs);
      const w3 = lds(q + 3 * rs);
      lo0 = madd(lo0, w0, zl);
      hi0 = madd(hi0, w0, zh);
      lo1 = madd(lo1, w1, zl);
      hi1 = madd(hi1, w1, zh);
      lo2 = madd(lo2, w2, zl);
      hi2 = madd(hi2, w2, zh);
      lo3 = madd(lo3, w3, zl);
      hi3 = madd(hi3, w3, zh);
    }
    const s0 = pS + (<usize>(i * D) << 3);
    const ss = <usize>D << 3;
    for (let k = 0; k < D; k++) {
      const p = xArr + (<usize>k << 5);
      const xl = ld(p);
      const xh = ld(p + 16);
      const q = s0 + (<usize>k << 3);
      const w0 = lds(q);
      const w1 = lds(q + ss);
      const w2 = lds(q + 2 * ss);
      const w3 = lds(q + 3 * ss);
      lo0 = madd(lo0, w0, xl);
      hi0 = madd(hi0, w0, xh);
      lo1 = madd(lo1, w1, xl);
      hi1 = madd(hi1, w1, xh);
      lo2 = madd(lo2, w2, xl);
      hi2 = madd(hi2, w2, xh);
      lo3 = madd(lo3, w3, xl);
      hi3 = madd(hi3, w3, xh);
    }
    if (pB != 0) {
      const b = pB + (<usize>i << 3);
      const b0 = lds(b);
      const b1 = lds(b + 8);
      const b2 = lds(b + 16);
      const b3 = lds(b + 24);
      lo0 = add(lo0, b0);
      hi0 = add(hi0, b0);
      lo1 = add(lo1, b1);
      hi1 = add(hi1, b1);
      lo2 = add(lo2, b2);
      hi2 = add(hi2, b2);
      lo3 = add(lo3, b3);
      hi3 = add(hi3, b3);
    }
    const o = out + (<usize>i << 5);
    st(o, lo0);
    st(o + 16, hi0);
    st(o + 32, lo1);
    st(o + 48, hi1);
    st(o + 64, lo2);
    st(o + 80, hi2);
    st(o + 96, lo3);
    st(o + 112, hi3);
  }
  for (; i + 1 < w; i += 2) {
    const b0 = pB != 0 ? load<f64>(pB + (<usize>i << 3)) : 0.0;
    const b1 = pB != 0 ? load<f64>(pB + (<usize>(i + 1) << 3)) : 0.0;
    let lo0 = sp(b0);
    let hi0 = lo0;
    let lo1 = sp(b1);
    let hi1 = lo1;
    const r0 = pW + (<usize>(i * nin) << 3);
    const r1 = r0 + (<usize>nin << 3);
    for (let j = 0; j < nin; j++) {
      const p = inArr + (<usize>j << 5);
      const zl = ld(p);
      const zh = ld(p + 16);
      const w0 = lds((r0 + (<usize>j << 3)));
      const w1 = lds((r1 + (<usize>j << 3)));
      lo0 = madd(lo0, w0, zl);
      hi0 = madd(hi0, w0, zh);
      lo1 = madd(lo1, w1, zl);
      hi1 = madd(hi1, w1, zh);
    }
    const s0 = pS + (<usize>(i * D) << 3);
    const s1 = s0 + (<usize>D << 3);
    for (let k = 0; k < D; k++) {
      const p = xArr + (<usize>k << 5);
      const xl = ld(p);
      const xh = ld(p + 16);
      const w0 = lds((s0 + (<usize>k << 3)));
      const w1 = lds((s1 + (<usize>k << 3)));
      lo0 = madd(lo0, w0, xl);
      hi0 = madd(hi0, w0, xh);
      lo1 = madd(lo1, w1, xl);
      hi1 = madd(hi1, w1, xh);
    }
    const o = out + (<usize>i << 5);
    st(o, lo0);
    st(o + 16, hi0);
    st(o + 32, lo1);
    st(o + 48, hi1);
  }
  if (i < w) {
    const b0 = pB != 0 ? load<f64>(pB + (<usize>i << 3)) : 0.0;
    let lo = sp(b0);
    let hi = lo;
    const r0 = pW + (<usize>(i * nin) << 3);
    for (let j = 0; j < nin; j++) {
      const p = inArr + (<usize>j << 5);
      const w0 = lds((r0 + (<usize>j << 3)));
      lo = madd(lo, w0, ld(p));
      hi = madd(hi, w0, ld(p + 16));
    }
    const s0 = pS + (<usize>(i * D) << 3);
    for (let k = 0; k < D; k++) {
      const p = xArr + (<usize>k << 5);
      const w0 = lds((s0 + (<usize>k << 3)));
      lo = madd(lo, w0, ld(p));
      hi = madd(hi, w0, ld(p + 16));
    }
    const o = out + (<usize>i << 5);
    st(o, lo);
    st(o + 16, hi);
  }
}

/**
 * out_j = Σ_i W_ij a_i for j < nin on one block (W: w×nin row-major at pW): the transposed product,
 * four columns at a time in eight register accumulators (the four weights W_i,j..j+3 are adjacent),
 * one store per output and no read-modify-write of out.
 */
function transposeBlock(out: usize, w: i32, pW: usize, nin: i32, aArr: usize): void {
  const rs = <usize>nin << 3;
  let j = 0;
  for (; j + 3 < nin; j += 4) {
    let lo0 = sp(0.0);
    let hi0 = lo0;
    let lo1 = lo0;
    let hi1 = lo0;
    let lo2 = lo0;
    let hi2 = lo0;
    let lo3 = lo0;
    let hi3 = lo0;
    let q = pW + (<usize>j << 3);
    for (let i = 0; i < w; i++) {
      const o = aArr + (<usize>i << 5);
      const al = ld(o);
      const ah = ld(o + 16);
      const w0 = lds(q);
      const w1 = lds(q + 8);
      const w2 = lds(q + 16);
      const w3 = lds(q + 24);
      lo0 = madd(lo0, w0, al);
      hi0 = madd(hi0, w0, ah);
      lo1 = madd(lo1, w1, al);
      hi1 = madd(hi1, w1, ah);
      lo2 = madd(lo2, w2, al);
      hi2 = madd(hi2, w2, ah);
      lo3 = madd(lo3, w3, al);
      hi3 = madd(hi3, w3, ah);
      q += rs;
    }
    const p = out + (<usize>j << 5);
    st(p, lo0);
    st(p + 16, hi0);
    st(p + 32, lo1);
    st(p + 48, hi1);
    st(p + 64, lo2);
    st(p + 80, hi2);
    st(p + 96, lo3);
    st(p + 112, hi3);
  }
  // three columns left (the d = 3 strains of Sᵀā): one pass, not a pair and a single
  if (j + 3 == nin) {
    let lo0 = sp(0.0);
    let hi0 = lo0;
    let lo1 = lo0;
    let hi1 = lo0;
    let lo2 = lo0;
    let hi2 = lo0;
    let q = pW + (<usize>j << 3);
    for (let i = 0; i < w; i++) {
      const o = aArr + (<usize>i << 5);
      const al = ld(o);
      const ah = ld(o + 16);
      const w0 = lds(q);
      const w1 = lds(q + 8);
      const w2 = lds(q + 16);
      lo0 = madd(lo0, w0, al);
      hi0 = madd(hi0, w0, ah);
      lo1 = madd(lo1, w1, al);
      hi1 = madd(hi1, w1, ah);
      lo2 = madd(lo2, w2, al);
      hi2 = madd(hi2, w2, ah);
      q += rs;
    }
    const p = out + (<usize>j << 5);
    st(p, lo0);
    st(p + 16, hi0);
    st(p + 32, lo1);
    st(p + 48, hi1);
    st(p + 64, lo2);
    st(p + 80, hi2);
    return;
  }
  for (; j + 1 < nin; j += 2) {
    let lo0 = sp(0.0);
    let hi0 = lo0;
    let lo1 = lo0;
    let hi1 = lo0;
    let q = pW + (<usize>j << 3);
    for (let i = 0; i < w; i++) {
      const o = aArr + (<usize>i << 5);
      const al = ld(o);
      const ah = ld(o + 16);
      const w0 = lds(q);
      const w1 = lds(q + 8);
      lo0 = madd(lo0, w0, al);
      hi0 = madd(hi0, w0, ah);
      lo1 = madd(lo1, w1, al);
      hi1 = madd(hi1, w1, ah);
      q += rs;
    }
    const p = out + (<usize>j << 5);
    st(p, lo0);
    st(p + 16, hi0);
    st(p + 32, lo1);
    st(p + 48, hi1);
  }
  if (j < nin) {
    let lo = sp(0.0);
    let hi = lo;
    let q = pW + (<usize>j << 3);
    for (let i = 0; i < w; i++) {
      const o = aArr + (<usize>i << 5);
      const w0 = lds(q);
      lo = madd(lo, w0, ld(o));
      hi = madd(hi, w0, ld(o + 16));
      q += rs;
    }
    const p = out + (<usize>j << 5);
    st(p, lo);
    st(p + 16, hi);
  }
}

/**
 * Lane accumulators of a w×nin weight block (at acc, 16 bytes per weight) += Σ_samples
 * (ǡ_i ż_jᵀ + ā_i z_jᵀ): the P̄ (or S̄, W̄1) term of docs/theory.md, section "The derivatives". Rows in pairs.
 */
function outerAccumulate(acc: usize, w: i32, nin: i32, adArr: usize, aArr: usize, zdArr: usize, zArr: usize): void {
  let i = 0;
  for (; i + 1 < w; i += 2) {
    const o = <usize>i << 5;
    const d0l = ld(adArr + o);
    const d0h = ld(adArr + o + 16);
    const d1l = ld(adArr + o + 32);
    const d1h = ld(adArr + o + 48);
    const a0l = ld(aArr + o);
    const a0h = ld(aArr + o + 16);
    const a1l = ld(aArr + o + 32);
    const a1h = ld(aArr + o + 48);
    const c0 = acc + (<usize>(i * nin) << 4);
    const c1 = c0 + (<usize>nin << 4);
    for (let j = 0; j < nin; j++) {
      const oj = <usize>j << 5;
      const zdl = ld(zdArr + oj);
      const zdh = ld(zdArr + oj + 16);
      const zl = ld(zArr + oj);
      const zh = ld(zArr + oj + 16);
      const p0 = c0 + (<usize>j << 4);
      const p1 = c1 + (<usize>j << 4);
      st(p0, madd4(ld(p0), d0l, zdl, a0l, zl, d0h, zdh, a0h, zh));
      st(p1, madd4(ld(p1), d1l, zdl, a1l, zl, d1h, zdh, a1h, zh));
    }
  }
  if (i < w) {
    const o = <usize>i << 5;
    const dl = ld(adArr + o);
    const dh = ld(adArr + o + 16);
    const al = ld(aArr + o);
    const ah = ld(aArr + o + 16);
    const c0 = acc + (<usize>(i * nin) << 4);
    for (let j = 0; j < nin; j++) {
      const oj = <usize>j << 5;
      const p0 = c0 + (<usize>j << 4);
      st(p0, madd4(ld(p0), dl, ld(zdArr + oj), al, ld(zArr + oj), dh, ld(zdArr + oj + 16), ah, ld(zArr + oj + 16)));
    }
  }
}

/**
 * x̄ += Sᵀ ā on one block (S: w×d row-major at pS, ā at aArr): the transposed product with its d
 * sums in registers (transposeBlock into pTx), then one add per component, instead of a load and a
 * store of x̄ for every unit and component.
 */
function addTransposedToGx(w: i32, pS: usize, aArr: usize): void {
  transposeBlock(pTx, w, pS, D, aArr);
  for (let k = 0; k < D; k++) {
    const g = pGx + (<usize>k << 5);
    const t = pTx + (<usize>k << 5);
    st(g, add(ld(g), ld(t)));
    st(g + 16, add(ld(g + 16), ld(t + 16)));
  }
}

/** Primal forward: a_l, z_l = phi(a_l), phi'(a_l), phi''(a_l) for the block in pXb. */
function forwardPrimal(): void {
  const vb2 = sp(b2);
  const vinvB2 = sp(invB2);
  const vinv2B4 = sp(inv2B4);
  const one = v128.load(K_ONE);
  const zero = sp(0.0);
  for (let l = 0; l < NL; l++) {
    const w = wid(l);
    const nin = inw(l);
    const ow = offW(l);
    const ob = offB(l);
    const os = offS(l);
    const aArr = blk(l, BA);
    const zPrev = l > 0 ? blk(l - 1, BZ) : 0;
    const pW = pEff + (<usize>ow << 3);
    affineBlock(aArr, w, pW, l > 0 ? nin : 0, zPrev, pEff + (<usize>os << 3), pXb, pEff + (<usize>ob << 3));
    // activations, two vectors (the block's 4 samples of one unit) per iteration: u = β²a,
    // e = exp(−|u|). The activation is latency-bound (a chain of ~130 cycles), and the reorder
    // window alone overlaps too little of consecutive iterations: so two independent chains side
    // by side (~5 % faster), and the exp of the whole layer first, then the rest from it, which
    // halves each iteration's chain (loss 5 %, stress 7 % faster; same operations, same bits)
    const zArr = blk(l, BZ);
    const d1Arr = blk(l, BD1);
    const d2Arr = blk(l, BD2);
    const nv = w * 2;
    // phase 1: e = exp(−|u|) of every unit into the φ″ slot (overwritten in phase 2)
    for (let v = 0; v < nv; v += 2) {
      const o = <usize>v << 4;
      const u = mul(vb2, ld(aArr + o));
      const u2 = mul(vb2, ld(aArr + o + 16));
      st(d2Arr + o, vexpNonPositive(f64x2.neg(f64x2.abs(u))));
      st(d2Arr + o + 16, vexpNonPositive(f64x2.neg(f64x2.abs(u2))));
    }
    // phase 2: softplus, sigmoid and φ, φ′, φ″ from e
    for (let v = 0; v < nv; v += 2) {
      const o = <usize>v << 4;
      const u = mul(vb2, ld(aArr + o));
      const u2 = mul(vb2, ld(aArr + o + 16));
      const e = ld(d2Arr + o);
      const e2 = ld(d2Arr + o + 16);
      const q = f64x2.div(one, add(one, e));
      const q2 = f64x2.div(one, add(one, e2));
      const s = add(f64x2.pmax(u, zero), vlog1pUnit(e));
      const s2 = add(f64x2.pmax(u2, zero), vlog1pUnit(e2));
      const eq = mul(e, q);
      const eq2 = mul(e2, q2);
      const sg = v128.bitselect(q, eq, f64x2.ge(u, zero));
      const sg2 = v128.bitselect(q2, eq2, f64x2.ge(u2, zero));
      st(zArr + o, mul(mul(s, s), vinv2B4));
      st(zArr + o + 16, mul(mul(s2, s2), vinv2B4));
      st(d1Arr + o, mul(mul(s, sg), vinvB2));
      st(d1Arr + o + 16, mul(mul(s2, sg2), vinvB2));
      st(d2Arr + o, dot2(sg, sg, s, mul(eq, q)));
      st(d2Arr + o + 16, dot2(sg2, sg2, s2, mul(eq2, q2)));
    }
  }
}

/**
 * Input gradient ∇N(x) of the block into pGx (reverse pass of N; needs forwardPrimal). Keeps
 * ż̄_l = ∂N/∂z_l of every layer (slot BZDB): the reverse pass of Ṅ reuses it for any direction.
 */
function gradientBlock(): void {
  const zero = sp(0.0);
  for (let k = 0; k < D; k++) {
    st(pGx + (<usize>k << 5), zero);
    st(pGx + (<usize>k << 5) + 16, zero);
  }
  const top = NL - 1;
  const wt = wid(top);
  const zbTop = blk(top, BZDB);
  for (let i = 0; i < wt; i++) {
    const q = sp(f(pEff, OFF_QOUT + i));
    st(zbTop + (<usize>i << 5), q);
    st(zbTop + (<usize>i << 5) + 16, q);
  }
  for (let l = top; l >= 0; l--) {
    const w = wid(l);
    const nin = inw(l);
    const d1Arr = blk(l, BD1);
    const zb = blk(l, BZDB);
    for (let v = 0; v < w * 2; v++) {
      const o = <usize>v << 4;
      st(pAb + o, mul(ld(zb + o), ld(d1Arr + o)));
    }
    // x̄ += S_lᵀ ā (layer 0: W1ᵀ ā)
    addTransposedToGx(w, pEff + (<usize>offS(l) << 3), pAb);
    if (l > 0) {
      // ż̄_{l-1} = P(Q_l)ᵀ ā
      transposeBlock(blk(l - 1, BZDB), w, pEff + (<usize>offW(l) << 3), nin, pAb);
    }
  }
  // + 2 M x
  for (let k = 0; k < D && QUADRATIC; k++) {
    const g = pGx + (<usize>k << 5);
    let lo = ld(g);
    let hi = ld(g + 16);
    for (let j = 0; j < D; j++) {
      const m2 = sp(2.0 * f(pM, k * D + j));
      const xp = pXb + (<usize>j << 5);
      lo = madd(lo, m2, ld(xp));
      hi = madd(hi, m2, ld(xp + 16));
    }
    st(g, lo);
    st(g + 16, hi);
  }
}

/**
 * Tangent forward along the block direction pVb: ȧ_l, ż_l = φ′(a_l) ȧ_l (needs forwardPrimal). ȧ
 * goes to the BAD slots, or, with `adOut` ≠ 0, to adOut layer after layer (the Hessian's
 * Jacobian columns, pJac); ż to the BZD slots either way (the next layer's input).
 */
function forwardTangent(adOut: usize = 0): void {
  let jac = adOut;
  for (let l = 0; l < NL; l++) {
    const w = wid(l);
    const nin = inw(l);
    const ow = offW(l);
    const os = offS(l);
    const adArr = adOut != 0 ? jac : blk(l, BAD);
    const zdArr = blk(l, BZD);
    const d1Arr = blk(l, BD1);
    const zdPrev = l > 0 ? blk(l - 1, BZD) : 0;
    const pW = pEff + (<usize>ow << 3);
    affineBlock(adArr, w, pW, l > 0 ? nin : 0, zdPrev, pEff + (<usize>os << 3), pVb, 0);
    for (let v = 0; v < w * 2; v++) {
      const o = <usize>v << 4;
      st(zdArr + o, mul(ld(d1Arr + o), ld(adArr + o)));
    }
    jac += <usize>w * 32;
  }
}

/**
 * Reverse pass of Ṅ = ∇N(x)·v to the parameters (docs/theory.md, section "The derivatives"), after
 * forwardPrimal and forwardTangent: accumulates ∂Ṅ/∂θ into the lane accumulators (the loss gradient).
 */
function reverseTangent(): void {
  const zero = sp(0.0);
  const twoOverBeta = sp(2.0 / beta);
  const two = v128.load(K_TWO);
  let zb = pZb0; // z̄ (ż̄ comes from gradientBlock, slot BZDB)
  let zbPrev = pZb1;
  const top = NL - 1;
  const wt = wid(top);
  const zdTop = blk(top, BZD);
  for (let i = 0; i < wt; i++) {
    const o = <usize>i << 5;
    st(zb + o, zero);
    st(zb + o + 16, zero);
    // P̄(q) = ż_L
    const acc = pAcc + (<usize>(OFF_QOUT + i) << 4);
    st(acc, add(ld(acc), add(ld(zdTop + o), ld(zdTop + o + 16))));
  }
  let betaAcc = sp(0.0);
  for (let l = top; l >= 0; l--) {
    const w = wid(l);
    const nin = inw(l);
    const aArr = blk(l, BA);
    const zArr = blk(l, BZ);
    const d1Arr = blk(l, BD1);
    const d2Arr = blk(l, BD2);
    const adArr = blk(l, BAD);
    const zdb = blk(l, BZDB);
    // ā = ż̄ phi'' ȧ + z̄ phi',  ǡ = ż̄ phi'
    for (let v = 0; v < w * 2; v++) {
      const o = <usize>v << 4;
      const zdbv = ld(zdb + o);
      const zbv = ld(zb + o);
      const d1 = ld(d1Arr + o);
      const d2 = ld(d2Arr + o);
      const ad = ld(adArr + o);
      st(pAb + o, dot2(mul(zdbv, d2), ad, zbv, d1));
      st(pAdb + o, mul(zdbv, d1));
      // β̄ += ż̄ ∂phi'/∂β ȧ + z̄ ∂phi/∂β, ∂phi'/∂β = (2a phi'' − 2 phi')/β, ∂phi/∂β = (2a phi' − 4 phi)/β
      const a = ld(aArr + o);
      const dd1 = mul(twoOverBeta, f64x2.sub(mul(a, d2), d1));
      const dphi = mul(twoOverBeta, f64x2.sub(mul(a, d1), mul(two, ld(zArr + o))));
      betaAcc = add(betaAcc, dot2(mul(zdbv, dd1), ad, zbv, dphi));
    }
    const os = offS(l);
    const ob = offB(l);
    for (let i = 0; i < w; i++) {
      const o = <usize>i << 5;
      const bacc = pAcc + (<usize>(ob + i) << 4);
      st(bacc, add(ld(bacc), add(ld(pAb + o), ld(pAb + o + 16))));
    }
    // S̄ (W̄1) += ǡ vᵀ + ā xᵀ: the outer product of the weight gradient with (v, x) for (ż, z)
    outerAccumulate(pAcc + (<usize>os << 4), w, D, pAdb, pAb, pVb, pXb);
    if (l > 0) {
      const ow = offW(l);
      outerAccumulate(pAcc + (<usize>ow << 4), w, nin, pAdb, pAb, blk(l - 1, BZD), blk(l - 1, BZ));
      // z̄_{l−1} = P(Q_l)ᵀ ā
      transposeBlock(zbPrev, w, pEff + (<usize>ow << 3), nin, pAb);
      const t = zb;
      zb = zbPrev;
      zbPrev = t;
    }
  }
  const bacc = pAcc + (<usize>OFF_BETA << 4);
  st(bacc, add(ld(bacc), betaAcc));
  // G += x vᵀ + v xᵀ (Ā = 2 A G at the end)
  for (let i = 0; i < D && QUADRATIC; i++) {
    const xi = pXb + (<usize>i << 5);
    const vi = pVb + (<usize>i << 5);
    for (let j = 0; j < D; j++) {
      const xj = pXb + (<usize>j << 5);
      const vj = pVb + (<usize>j << 5);
      const acc = pAcc + (<usize>(OFF_A + i * D + j) << 4);
      st(acc, madd4(ld(acc), ld(xi), ld(vj), ld(vi), ld(xj), ld(xi + 16), ld(vj + 16), ld(vi + 16), ld(xj + 16)));
    }
  }
}

// ---------------------------------------------------------------- batched entry points
/** N(x) for n samples of pX into pOut (n). Call prepare() first. */
export function potential(n: i32): void {
  for (let m = 0; m < n; m += 4) {
    const c = min(4, n - m);
    loadBlock(pX, m, c, pXb);
    forwardPrimal();
    const top = NL - 1;
    const zTop = blk(top, BZ);
    let lo = sp(0.0);
    let hi = sp(0.0);
    for (let i = 0; i < wid(top); i++) {
      const q = sp(f(pEff, OFF_QOUT + i));
      const o = <usize>i << 5;
      lo = madd(lo, q, ld(zTop + o));
      hi = madd(hi, q, ld(zTop + o + 16));
    }
    // + xᵀ M x
    for (let i = 0; i < D && QUADRATIC; i++) {
      let mlo = sp(0.0);
      let mhi = sp(0.0);
      for (let j = 0; j < D; j++) {
        const mv = sp(f(pM, i * D + j));
        const xp = pXb + (<usize>j << 5);
        mlo = madd(mlo, mv, ld(xp));
        mhi = madd(mhi, mv, ld(xp + 16));
      }
      const xp = pXb + (<usize>i << 5);
      lo = madd(lo, mlo, ld(xp));
      hi = madd(hi, mhi, ld(xp + 16));
    }
    st(pLossAcc, lo);
    st(pLossAcc + 16, hi);
    for (let s = 0; s < c; s++) {
      store<f64>(pOut + (<usize>(m + s) << 3), load<f64>(pLossAcc + (<usize>s << 3)));
    }
  }
}

function storeGx(m: i32, c: i32, dst: usize, stride: i32, offset: i32): void {
  for (let k = 0; k < D; k++) {
    for (let s = 0; s < c; s++) {
      store<f64>(
        dst + (<usize>((m + s) * stride + offset + k) << 3),
        load<f64>(pGx + (<usize>k << 5) + (<usize>s << 3)),
      );
    }
  }
}

/** ∇N(x) for n samples of pX into pOut (n×d). Call prepare() first. */
export function gradient(n: i32): void {
  for (let m = 0; m < n; m += 4) {
    const c = min(4, n - m);
    loadBlock(pX, m, c, pXb);
    forwardPrimal();
    gradientBlock();
    storeGx(m, c, pOut, D, 0);
  }
}

/**
 * ȧ_l of every layer along each unit direction e_k into pJac (the columns of the Jacobians
 * ∂a_l/∂x), after forwardPrimal: d tangent forward passes, with ż_l = φ′(a_l) ȧ_l in the BZD slots
 * as the next layer's input.
 */
function forwardJacobian(): void {
  for (let k = 0; k < D; k++) {
    for (let j = 0; j < D; j++) {
      const v = sp(j == k ? 1.0 : 0.0);
      st(pVb + (<usize>j << 5), v);
      st(pVb + (<usize>j << 5) + 16, v);
    }
    forwardTangent(pJac + <usize>(k * SUMW) * 32);
  }
}

/**
 * ∇²N(x) for n samples of pX into pOut (n×d×d), ∇N(x) into pOut2 (n×d). Every a_l is affine in
 * z_{l−1} and x, so the second derivatives come from the activations alone (docs/theory.md,
 * section "The derivatives", the tangent): ∇²N = Σ_l Σ_i ż̄_li φ″(a_li) ∇a_li ∇a_liᵀ + 2AᵀA, with
 * ż̄ from the reverse pass of ∇N and the ∇a_li from d tangent forward passes. No reverse pass per
 * direction, and the result is symmetric by construction.
 */
export function hessian(n: i32): void {
  const rowBytes = <usize>(D * D) << 3;
  for (let m = 0; m < n; m += 4) {
    const c = min(4, n - m);
    loadBlock(pX, m, c, pXb);
    forwardPrimal();
    gradientBlock();
    storeGx(m, c, pOut2, D, 0);
    forwardJacobian();
    // c_l = ż̄_l φ″(a_l), every layer in order
    let cu = pCurv;
    for (let l = 0; l < NL; l++) {
      const w = wid(l);
      const zdb = blk(l, BZDB);
      const d2Arr = blk(l, BD2);
      for (let v = 0; v < w * 2; v++) {
        const o = <usize>v << 4;
        st(cu + o, mul(ld(zdb + o), ld(d2Arr + o)));
      }
      cu += <usize>w * 32;
    }
    const outBlock = pOut + <usize>m * rowBytes;
    for (let k = 0; k < D; k++) {
      const jk = pJac + <usize>(k * SUMW) * 32;
      for (let j = k; j < D; j++) {
        const jj = pJac + <usize>(j * SUMW) * 32;
        const m2 = sp(2.0 * f(pM, k * D + j));
        let lo = QUADRATIC ? m2 : sp(0.0);
        let hi = lo;
        for (let u = 0; u < SUMW; u++) {
          const o = <usize>u << 5;
          lo = madd(lo, mul(ld(pCurv + o), ld(jk + o)), ld(jj + o));
          hi = madd(hi, mul(ld(pCurv + o + 16), ld(jk + o + 16)), ld(jj + o + 16));
        }
        st(pLossAcc, lo);
        st(pLossAcc + 16, hi);
        for (let s = 0; s < c; s++) {
          const h = load<f64>(pLossAcc + (<usize>s << 3));
          const row = outBlock + <usize>s * rowBytes;
          store<f64>(row + (<usize>(k * D + j) << 3), h);
          store<f64>(row + (<usize>(j * D + k) << 3), h);
        }
      }
    }
  }
}

function zeroAccumulators(): void {
  memory.fill(pAcc, 0, <usize>SIZE << 4);
}

/** ∇N(0) into pG0 (the zero-strain correction of the stress). */
function gradientAtZero(): void {
  memory.fill(pXb, 0, <usize>D * 32);
  forwardPrimal();
  gradientBlock();
  for (let k = 0; k < D; k++) store<f64>(pG0 + (<usize>k << 3), load<f64>(pGx + (<usize>k << 5)));
  memory.copy(pZeroBlocks, load<usize>(tBlock), blockBytes);
  zeroCached = true;
}

/** Sums the f64x2 lane accumulators into pGraw (add = 1: add to what is there). */
function reduceAccumulators(addTo: bool): void {
  for (let p = 0; p < SIZE; p++) {
    const a = ld(pAcc + (<usize>p << 4));
    const s = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    const g = pGraw + (<usize>p << 3);
    store<f64>(g, addTo ? load<f64>(g) + s : s);
  }
}

/**
 * Targets of a block, with the entries of weight 0 replaced by 0 (they are never read as numbers:
 * an unknown target may be NaN), and the weights themselves into pWb (padded lanes: weight 0).
 */
function loadMaskedTargets(m: i32, c: i32): void {
  for (let k = 0; k < D; k++) {
    for (let s = 0; s < 4; s++) {
      let w: f64 = 0.0;
      let t: f64 = 0.0;
      if (s < c) {
        const i = <usize>((m + s) * D + k) << 3;
        w = load<f64>(pW + i);
        if (w != 0.0) t = load<f64>(pY + i);
      }
      const o = <usize>k * 32 + (<usize>s << 3);
      store<f64>(pWb + o, w);
      store<f64>(pYb + o, t);
    }
  }
}

let lossSum: f64 = 0;
let growthBar: f64 = 0;

/**
 * The loss's direction for one block under a family's map (LossMap, src/core/kernels.ts), after
 * gradientBlock(): per sample S = Bᵀ∇N(y) + (g γ − n) k, ρ = 2 w (S − t)/(σ² Σw), and the
 * direction v = B ρ into pVb; the zero-state share Σ (k·ρ) c into pRsum and Σ (k·ρ) γ into
 * growthBar. Unknown entries (w = 0) are skipped, never read. Scalar per lane: the map is
 * O(m d) per sample against the network's O(width²).
 */
function mappedDirection(m: i32, c: i32, masked: bool, zeroState: bool, growth: f64, nrm: f64, scale: f64): void {
  const zero = sp(0.0);
  for (let j = 0; j < D; j++) {
    st(pVb + (<usize>j << 5), zero);
    st(pVb + (<usize>j << 5) + 16, zero);
  }
  for (let s = 0; s < c; s++) {
    const smp = m + s;
    const lane = <usize>s << 3;
    const bRow = pB + (<usize>(smp * D * DS) << 3);
    const coef = zeroState ? growth * f(pGam, smp) - nrm : 0.0;
    for (let k = 0; k < DS; k++) {
      const idx = smp * DS + k;
      const w = masked ? f(pW, idx) : 1.0;
      if (w == 0.0) {
        store<f64>(pRho + (<usize>k << 3), 0.0);
        continue;
      }
      let sk: f64 = 0;
      for (let j = 0; j < D; j++) {
        sk += load<f64>(bRow + (<usize>(j * DS + k) << 3)) * load<f64>(pGx + (<usize>j << 5) + lane);
      }
      if (zeroState) sk += coef * f(pK, idx);
      const sg = f(pSigma, k);
      const e = (sk - f(pY, idx)) / sg;
      lossSum += w * e * e;
      store<f64>(pRho + (<usize>k << 3), (w * e * scale) / sg);
    }
    for (let j = 0; j < D; j++) {
      let v: f64 = 0;
      for (let k = 0; k < DS; k++) v += load<f64>(bRow + (<usize>(j * DS + k) << 3)) * f(pRho, k);
      store<f64>(pVb + (<usize>j << 5) + lane, v);
    }
    if (zeroState) {
      let jm: f64 = 0;
      for (let k = 0; k < DS; k++) jm += f(pK, smp * DS + k) * f(pRho, k);
      for (let j = 0; j < D; j++) store<f64>(pRsum + (<usize>j << 3), f(pRsum, j) + jm * f(pC, j));
      growthBar += jm * f(pGam, smp);
    }
  }
}

/**
 * Part of the loss over n samples of pX (network inputs), pY (targets) with σ in pSigma, for a
 * batch whose entries weigh `total` in all (n·DS without a mask, Σ w with one): returns
 * Σ w e² / total over these samples and writes the raw parameter gradient of Σ_m v_m·∇N(x_m) into
 * pGraw and the zero-state sum into pRsum (−v_0: Σ_m r_m for the MIANN, docs/theory.md, section "The derivatives").
 * masked: the weights w are in pW (else all 1). mode 0: the MIANN's map S = ∇N(x) − ∇N(0);
 * mode 1: S = Bᵀ∇N(y) with B in pB; mode 2: plus the zero-state term (g γ − c·∇N(0)) k with k, γ,
 * c in pK, pGam, pC and g the effective parameter at growthAt (−1: none). Call prepare() first.
 */
export function lossPartial(n: i32, total: f64, masked: i32, mode: i32, growthAt: i32): f64 {
  gradientAtZero();
  zeroAccumulators();
  const zero = sp(0.0);
  let eacc = zero;
  let racc: f64 = 0;
  for (let k = 0; k < D; k++) store<f64>(pRsum + (<usize>k << 3), 0.0);
  const scale = 2.0 / total;
  lossSum = 0;
  growthBar = 0;
  const zeroState = mode == 2;
  const growth = zeroState && growthAt >= 0 ? f(pEff, growthAt) : 0.0;
  let nrm: f64 = 0;
  if (zeroState) for (let j = 0; j < D; j++) nrm += f(pC, j) * f(pG0, j);
  for (let m = 0; m < n; m += 4) {
    const c = min(4, n - m);
    loadBlock(pX, m, c, pXb);
    if (mode == 0) {
      if (masked != 0) loadMaskedTargets(m, c);
      else loadBlock(pY, m, c, pYb);
    }
    forwardPrimal();
    gradientBlock();
    if (mode != 0) {
      mappedDirection(m, c, masked != 0, zeroState, growth, nrm, scale);
    } else {
      for (let k = 0; k < D; k++) {
        const sg = f(pSigma, k);
        const invS = sp(1.0 / sg);
        const rS = sp(scale / sg);
        const g0 = sp(f(pG0, k));
        const o = <usize>k << 5;
        // padded lanes have x = 0 and y = 0, so s − y = ∇N(0) − ∇N(0) = 0 there exactly
        const elo = mul(f64x2.sub(f64x2.sub(ld(pGx + o), g0), ld(pYb + o)), invS);
        const ehi = mul(f64x2.sub(f64x2.sub(ld(pGx + o + 16), g0), ld(pYb + o + 16)), invS);
        let wlo = elo;
        let whi = ehi;
        if (masked != 0) {
          // w e (w = 0 on unknown entries and padded lanes)
          wlo = mul(elo, ld(pWb + o));
          whi = mul(ehi, ld(pWb + o + 16));
        }
        eacc = add(eacc, add(mul(wlo, elo), mul(whi, ehi)));
        const rlo = mul(wlo, rS);
        const rhi = mul(whi, rS);
        st(pVb + o, rlo);
        st(pVb + o + 16, rhi);
        const rs = add(rlo, rhi);
        racc = f64x2.extract_lane(rs, 0) + f64x2.extract_lane(rs, 1);
        store<f64>(pRsum + (<usize>k << 3), f(pRsum, k) + racc);
      }
    }
    forwardTangent();
    reverseTangent();
  }
  reduceAccumulators(false);
  if (growthAt >= 0) {
    const g = pGraw + (<usize>growthAt << 3);
    store<f64>(g, load<f64>(g) + growthBar);
  }
  if (mode != 0) return lossSum / total;
  return (f64x2.extract_lane(eacc, 0) + f64x2.extract_lane(eacc, 1)) / total;
}

/**
 * Adds the zero-strain term r_0·∇N(0) with r_0 = −pRsum to pGraw, then applies the chain rule of
 * the parameter maps (Q̄ = P̄ dP/dQ, ᾱ = Σ P̄ dP/dα, Ā = 2 A G) and writes the gradient to pGrad.
 * pGraw and pRsum hold the sums over every thread's part. Call prepare() first.
 */
export function finishGradient(): void {
  zeroAccumulators();
  memory.fill(pXb, 0, <usize>D * 32);
  memory.fill(pVb, 0, <usize>D * 32);
  for (let k = 0; k < D; k++) store<f64>(pVb + (<usize>k << 5), -f(pRsum, k));
  if (zeroCached) {
    // the primal and input-gradient pass at x = 0 of this call's lossPartial (same parameters)
    memory.copy(load<usize>(tBlock), pZeroBlocks, blockBytes);
  } else {
    forwardPrimal();
    gradientBlock();
  }
  forwardTangent();
  reverseTangent();
  reduceAccumulators(true);
  memory.copy(pGrad, pGraw, <usize>SIZE << 3);
  let alphaBar: f64 = 0;
  for (let gi = 0; gi < NGROUPS; gi++) {
    const start = groupStart(gi);
    const end = start + groupCount(gi);
    for (let p = start; p < end; p++) {
      const g = f(pGraw, p);
      store<f64>(pGrad + (<usize>p << 3), g * f(pDq, p));
      alphaBar += g * f(pDa, p);
    }
  }
  store<f64>(pGrad + (<usize>OFF_ALPHA << 3), NGROUPS > 0 ? alphaBar : 0.0);
  // Ā = 2 A G
  for (let i = 0; i < D && QUADRATIC; i++) {
    for (let j = 0; j < D; j++) {
      let s: f64 = 0;
      for (let k = 0; k < D; k++) s += f(pParams, OFF_A + i * D + k) * f(pGraw, OFF_A + k * D + j);
      store<f64>(pGrad + (<usize>(OFF_A + i * D + j) << 3), 2.0 * s);
    }
  }
}

// ---------------------------------------------------------------- test hooks
/**
 * One of the vectorised functions on n values of pX into pOut (accuracy tests only): which = 0
 * exp, 1 log1p, 2 softplus as the activation computes it, 3 the activation's table-driven exp
 * (x <= 0), 4 its table-driven log1p (t in [0, 1]).
 */
export function testMath(which: i32, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const p = <usize>i << 3;
    const x = v128.load(pX + p);
    let y = x;
    if (which == 0) y = vexp(x);
    else if (which == 1) y = vlog1p(x);
    else if (which == 2) y = vsoftplus(x);
    else if (which == 3) y = vexpNonPositive(x);
    else y = vlog1pUnit(x);
    v128.store(pOut + p, y);
  }
}
