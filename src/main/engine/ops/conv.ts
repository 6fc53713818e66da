// 2-D convolution (PyTorch's conv2d, a cross-correlation) by im2col + GEMM. Images are processed
// in chunks: a chunk is unfolded into a (C·KH·KW) × (B·columns) matrix small enough to stay in the
// L2 cache, one GEMM multiplies the weight (O × C·KH·KW) by it, and the product is scattered into
// the NCHW output with the bias (and, fused by Sequential, the following Sigmoid or ReLU). Backward
// recomputes the unfolding per chunk rather than saving it (as cheap as reading a saved copy back,
// and no large buffer lives between passes): dW += dY·colsᵀ, db = row sums of dY, and
// dcols = Wᵀ·dY folded back into dX (col2im).
//
// Stride 1 uses a "wide" layout: outputs are computed on a grid as wide as the padded input (Wp
// columns per output row instead of OW; the extra Wp − OW per row are discarded), because then the
// unfolded row of each kernel tap is one contiguous run of the padded image: a memcpy instead of
// an element loop (3–5× faster for LeNet's layers, for 14–40 % more GEMM columns).
//
// The loops around the GEMMs (unfold, fold, scatter, gather) are the TypeScript kernels; a backend
// may bring its own with the same results (the native one runs them in C++, native/src/conv.cc,
// 2–8× faster), and says whether stride 1 should use the wide layout with them.
import { Tensor } from '../tensor';
import { needsGrad, record, type GraphMeta } from '../autograd';
import { channelsLastLayout, suggestsChannelsLast } from '../layout';
import { TINY_PRODUCT, gemm, rowSums } from './gemm';
import { fmtSizes, validRange, windowCount } from './window';
import { squeeze, unsqueeze } from './shape';
import { releaseStorage, takeStorage, takeZeroedStorage } from '../backend/caching-allocator';
import { avgPool2d, avgPool2x2 } from './pool';
import { sigmoidInPlace } from './unary';
import { getBackend } from '../backend';
import type { ConvKernels, ConvPlan as Plan, FusedActivation } from '../backend/types';

export type { FusedActivation };

const CONV_NODE = 'ConvolutionBackward0';
/** AvgPool2d(2, 2), the pooling Sequential fuses. */
const HALVING = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], countIncludePad: true } as const;

/** PyTorch 1.13's grad_fn names of the nodes a fused node stands for (GradFn.fusedOf). */
const ACT_NODE = { sigmoid: 'SigmoidBackward0', relu: 'ReluBackward0' } as const;

/**
 * A node's name and graph metadata: a fused node is named as PyTorch names the last node it stands
 * for (what `out.grad_fn` prints there) and lists them all, with their result shapes, so the graph
 * expands it (graph.ts).
 */
function convNode(act: FusedActivation, convShape: readonly number[], pooledShape: readonly number[] | null): { name: string; meta?: GraphMeta } {
  if (act === null && pooledShape === null) return { name: CONV_NODE };
  const fusedOf: string[] = [CONV_NODE];
  const fusedShapes: (readonly number[])[] = [convShape];
  if (act !== null) {
    fusedOf.push(ACT_NODE[act]);
    fusedShapes.push(convShape);
  }
  if (pooledShape !== null) {
    fusedOf.push('AvgPool2DBackward0');
    fusedShapes.push(pooledShape);
  }
  return { name: fusedOf[fusedOf.length - 1]!, meta: { fusedOf, fusedShapes } };
}

/**
 * Floats of one chunk's unfolded matrix: 128K floats (512 KiB) keep it in this machine's L2 while
 * the GEMM reads it right after it was written.
 */
const DEFAULT_CHUNK_FLOATS = 1 << 17;
let chunkFloats = DEFAULT_CHUNK_FLOATS;

/**
 * @internal sets the chunk budget (floats of one unfolded chunk) and returns the previous one;
 * tests use it to run one image per chunk and chunks with a short last one. Default when omitted.
 */
export function setConvChunkFloats(n: number = DEFAULT_CHUNK_FLOATS): number {
  const prev = chunkFloats;
  chunkFloats = n;
  return prev;
}

/**
 * Scratch, grown on demand and reused by every call (each use lasts one forward or one backward
 * call): `work` holds the unfolded chunk followed by the chunk's (zero-padded) images, so the wide
 * unfolding is copyWithin inside one array (no subarray object per copied run); `mat` holds the
 * chunk-shaped GEMM result or gathered output gradient; `weightT` the weight gradient transposed.
 */
const scratch = { work: new Float32Array(0), mat: new Float32Array(0), weightT: new Float32Array(0) };

function buffer(name: keyof typeof scratch, n: number): Float32Array {
  if (scratch[name].length < n) scratch[name] = new Float32Array(Math.max(n, 2 * scratch[name].length));
  return scratch[name];
}

/** Shape checks in PyTorch 1.13's order and words (check_shape_forward); returns the plan. */
function plan(x: Tensor, weight: Tensor, bias: Tensor | null, stride: readonly [number, number], padding: readonly [number, number], kernels: ConvKernels): Plan {
  const ws = weight.shape;
  if (ws.length < 3) throw new RangeError('conv2d: weight should have at least three dimensions');
  if (ws.length !== 4) {
    throw new RangeError(`conv2d: expected stride to be a single integer value or a list of ${ws.length - 2} values to match the convolution dimensions, but got stride=${fmtSizes(stride)}`);
  }
  if (padding[0] < 0 || padding[1] < 0) throw new RangeError('conv2d: negative padding is not supported');
  if (stride[0] <= 0 || stride[1] <= 0) throw new RangeError('conv2d: non-positive stride is not supported');
  const [O, Cw, KH, KW] = ws;
  if (O < 1) throw new RangeError(`conv2d: Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size ${fmtSizes(ws)} instead`);
  const [N, C, H, W] = x.shape;
  if (C !== Cw) {
    throw new RangeError(`conv2d: Given groups=1, weight of size ${fmtSizes(ws)}, expected input${fmtSizes(x.shape)} to have ${Cw} channels, but got ${C} channels instead`);
  }
  if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== O)) {
    throw new RangeError(`conv2d: Given weight of size ${fmtSizes(ws)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${fmtSizes(bias.shape)} instead`);
  }
  const [ph, pw] = padding;
  if (H + 2 * ph < KH || W + 2 * pw < KW) {
    throw new RangeError(`conv2d: Calculated padded input size per channel: (${H + 2 * ph} x ${W + 2 * pw}). Kernel size: (${KH} x ${KW}). Kernel size can't be greater than actual input size`);
  }
  if (H === 0 || W === 0) {
    if (N !== 0 && C !== 0) throw new RangeError(`conv2d: Only zero batch or zero channel inputs are supported, but got input shape: ${fmtSizes(x.shape)}`);
  }
  const [sh, sw] = stride;
  const OH = windowCount(H, KH, ph, sh), OW = windowCount(W, KW, pw, sw);
  const K = C * KH * KW;
  const wide = sh === 1 && sw === 1 && kernels.wideLayout;
  const Hp = H + 2 * ph, Wp = W + 2 * pw;
  const Wc = wide ? Wp : OW;
  const Pc = OH * Wc;
  const perImage = K * Pc;
  const B = perImage === 0 ? Math.max(N, 1) : Math.max(1, Math.min(N, Math.floor(chunkFloats / perImage)));
  const geom = Int32Array.of(C, H, W, O, KH, KW, sh, sw, ph, pw, B, wide ? 1 : 0);
  return { N, C, H, W, O, KH, KW, OH, OW, sh, sw, ph, pw, K, wide, Hp, Wp, Wc, Pc, B, srcAt: K * B * Pc, geom };
}

/**
 * Whether the backend's whole-pass loops stand in for the chunk loops below: only when every GEMM
 * of the loop would reach the backend (gemm() runs products of at most TINY_PRODUCT multiply-adds
 * itself; the smallest here is a chunk of one image's bias row sums, O × Pc), so the results are
 * the loop's exactly.
 */
function wholePass(kernels: ConvKernels, p: Plan): boolean {
  return kernels.forward !== undefined && kernels.backward !== undefined && p.N > 0 && p.O * p.Pc > TINY_PRODUCT;
}

/** The work array for a plan: the unfolded chunk, then (wide layout) the chunk's padded images. */
function workBuffer(p: Plan): Float32Array {
  return buffer('work', p.srcAt + (p.wide ? p.B * p.C * p.Hp * p.Wp : 0));
}

/** Images [n0, n0 + b) of x into work at p.srcAt, zero-padded to (b, C, Hp, Wp). */
function stageImages(x: Float32Array, p: Plan, n0: number, b: number, work: Float32Array): void {
  const { C, H, W, Hp, Wp, ph, pw, srcAt } = p;
  const plane = H * W;
  if (ph === 0 && pw === 0) {
    work.set(x.subarray(n0 * C * plane, (n0 + b) * C * plane), srcAt);
    return;
  }
  for (let q = 0; q < b * C; q++) {
    const src = (n0 * C + q) * plane;
    const dst = srcAt + q * Hp * Wp;
    work.fill(0, dst, dst + ph * Wp);
    for (let h = 0; h < H; h++) {
      const r = dst + (h + ph) * Wp;
      for (let j = 0; j < pw; j++) work[r + j] = 0;
      for (let j = 0; j < W; j++) work[r + pw + j] = x[src + h * W + j];
      for (let j = pw + W; j < Wp; j++) work[r + j] = 0;
    }
    work.fill(0, dst + (ph + H) * Wp, dst + Hp * Wp);
  }
}

/**
 * Wide unfolding (stride 1): the row of tap (c, ki, kj) for image i is the staged padded plane
 * read from offset ki·Wp + kj, contiguous for (OH − 1)·Wp + OW values; the image's block ends in
 * zeros. With `cleanWrap` the Wp − OW wrapped-around columns of each output row are zeroed too
 * (for dW: they meet zero gradients, but 0 · ∞ would be NaN).
 */
function unfoldWide(work: Float32Array, p: Plan, b: number, cleanWrap: boolean): void {
  const { C, KH, KW, OH, OW, Hp, Wp, Pc, srcAt } = p;
  const L = (OH - 1) * Wp + OW;
  const bPc = b * Pc;
  const plane = Hp * Wp;
  let row = 0;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < KH; ki++) {
      for (let kj = 0; kj < KW; kj++, row++) {
        for (let i = 0; i < b; i++) {
          const s = srcAt + (i * C + c) * plane + ki * Wp + kj;
          const d = row * bPc + i * Pc;
          work.copyWithin(d, s, s + L);
          for (let j = d + L; j < d + Pc; j++) work[j] = 0; // a few values: cheaper than fill()
          if (cleanWrap && Wp > OW) {
            for (let oh = 0; oh < OH - 1; oh++) {
              const e = d + oh * Wp;
              for (let j = OW; j < Wp; j++) work[e + j] = 0;
            }
          }
        }
      }
    }
  }
}

/**
 * Standard unfolding (any stride): row (c, ki, kj), column i·P + oh·OW + ow holds
 * x[n0 + i, c, oh·sh − ph + ki, ow·sw − pw + kj], or 0 where that reads the padding.
 */
function unfoldStrided(x: Float32Array, p: Plan, n0: number, b: number, cols: Float32Array): void {
  const { C, H, W, KH, KW, OH, OW, sh, sw, ph, pw } = p;
  const P = OH * OW;
  const bP = b * P;
  const HW = H * W;
  let row = 0;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < KH; ki++) {
      const [ohLo, ohHi] = validRange(OH, H, sh, ki - ph);
      for (let kj = 0; kj < KW; kj++, row++) {
        const [owLo, owHi] = validRange(OW, W, sw, kj - pw);
        for (let i = 0; i < b; i++) {
          const src = ((n0 + i) * C + c) * HW + (ki - ph) * W + (kj - pw);
          const dst = row * bP + i * P;
          cols.fill(0, dst, dst + ohLo * OW);
          for (let oh = ohLo; oh < ohHi; oh++) {
            const d = dst + oh * OW;
            const s = src + oh * sh * W;
            for (let ow = 0; ow < owLo; ow++) cols[d + ow] = 0;
            for (let ow = owLo; ow < owHi; ow++) cols[d + ow] = x[s + ow * sw];
            for (let ow = owHi; ow < OW; ow++) cols[d + ow] = 0;
          }
          cols.fill(0, dst + ohHi * OW, dst + OH * OW);
        }
      }
    }
  }
}

/** Unfolds images [n0, n0 + b) into the start of work (K × b·Pc, the plan's layout). */
function unfold(x: Float32Array, p: Plan, n0: number, b: number, work: Float32Array, cleanWrap: boolean): void {
  if (!p.wide) {
    unfoldStrided(x, p, n0, b, work);
    return;
  }
  stageImages(x, p, n0, b, work);
  unfoldWide(work, p, b, cleanWrap);
}

/**
 * col2im, the adjoint of unfolding: adds each entry of dcols (K × b·Pc, the plan's layout) back into
 * the input position it was read from. Only valid output positions are read, so the wide layout's
 * discarded columns need no clearing.
 */
function fold(dcols: Float32Array, p: Plan, n0: number, b: number, dx: Float32Array): void {
  const { C, H, W, KH, KW, OH, OW, sh, sw, ph, pw, Wc, Pc } = p;
  const bPc = b * Pc;
  const HW = H * W;
  let row = 0;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < KH; ki++) {
      const [ohLo, ohHi] = validRange(OH, H, sh, ki - ph);
      for (let kj = 0; kj < KW; kj++, row++) {
        const [owLo, owHi] = validRange(OW, W, sw, kj - pw);
        for (let i = 0; i < b; i++) {
          const dst = ((n0 + i) * C + c) * HW + (ki - ph) * W + (kj - pw);
          const src = row * bPc + i * Pc;
          for (let oh = ohLo; oh < ohHi; oh++) {
            const s = src + oh * Wc;
            const d = dst + oh * sh * W;
            if (sw === 1) for (let ow = owLo; ow < owHi; ow++) dx[d + ow] += dcols[s + ow];
            else for (let ow = owLo; ow < owHi; ow++) dx[d + ow * sw] += dcols[s + ow];
          }
        }
      }
    }
  }
}

/** The chunk's GEMM result (O × b·Pc) into the NCHW output, with the bias and the fused activation. */
function scatter(mat: Float32Array, y: Float32Array, bv: Float32Array | null, p: Plan, n0: number, b: number, act: FusedActivation): void {
  const { O, OH, OW, Wc, Pc } = p;
  const bPc = b * Pc;
  const P = OH * OW;
  for (let i = 0; i < b; i++) {
    for (let o = 0; o < O; o++) {
      const src = o * bPc + i * Pc;
      const dst = ((n0 + i) * O + o) * P;
      const bo = bv === null ? 0 : bv[o];
      for (let oh = 0; oh < OH; oh++) {
        const s = src + oh * Wc;
        const d = dst + oh * OW;
        if (act === 'relu') {
          for (let ow = 0; ow < OW; ow++) {
            const v = mat[s + ow] + bo;
            y[d + ow] = v > 0 || v !== v ? v : 0;
          }
        } else {
          for (let ow = 0; ow < OW; ow++) y[d + ow] = mat[s + ow] + bo;
        }
      }
      if (act === 'sigmoid') sigmoidInPlace(y, dst, dst + P);
    }
  }
}

/**
 * The NCHW output gradient of images [n0, n0 + b) as one O × b·Pc matrix in the plan's layout
 * (zeros in the wide layout's discarded columns), times the fused activation's derivative read from
 * its output y.
 */
function gather(gy: Float32Array, y: Float32Array, gm: Float32Array, p: Plan, n0: number, b: number, act: FusedActivation): void {
  const { O, OH, OW, Wc, Pc } = p;
  const bPc = b * Pc;
  const P = OH * OW;
  for (let i = 0; i < b; i++) {
    for (let o = 0; o < O; o++) {
      const dst = o * bPc + i * Pc;
      const src = ((n0 + i) * O + o) * P;
      for (let oh = 0; oh < OH; oh++) {
        const d = dst + oh * Wc;
        const s = src + oh * OW;
        if (act === 'sigmoid') {
          for (let ow = 0; ow < OW; ow++) {
            const v = y[s + ow];
            gm[d + ow] = gy[s + ow] * v * (1 - v);
          }
        } else if (act === 'relu') {
          for (let ow = 0; ow < OW; ow++) gm[d + ow] = y[s + ow] <= 0 ? 0 : gy[s + ow]; // NaN passes g, as PyTorch
        } else {
          for (let ow = 0; ow < OW; ow++) gm[d + ow] = gy[s + ow];
        }
        for (let j = OW; j < Wc; j++) gm[d + j] = 0;
      }
    }
  }
}

/**
 * avg_pool2d(kernel 2, stride 2) of the activated planes of images [n0, n0 + b) into `out`
 * (N, O, ⌊OH/2⌋, ⌊OW/2⌋), read while they are still in cache.
 */
function poolChunk(y: Float32Array, out: Float32Array, p: Plan, n0: number, b: number): void {
  const { O, OH, OW } = p;
  avgPool2x2(y, out, n0 * O, (n0 + b) * O, OH, OW, OH >> 1, OW >> 1);
}

/**
 * gather() for the node that also pooled: the output gradient of the activation at (oh, ow) is a
 * quarter of the pooled gradient of its 2×2 window (0 in a leftover odd row or column), times the
 * activation's derivative.
 */
function gatherPooled(gp: Float32Array, y: Float32Array, gm: Float32Array, p: Plan, n0: number, b: number, act: FusedActivation): void {
  const { O, OH, OW, Wc, Pc } = p;
  const OH2 = OH >> 1, OW2 = OW >> 1;
  const bPc = b * Pc;
  const P = OH * OW, P2 = OH2 * OW2;
  for (let i = 0; i < b; i++) {
    for (let o = 0; o < O; o++) {
      const dst = o * bPc + i * Pc;
      const q = (n0 + i) * O + o;
      const src = q * P;
      for (let oh = 0; oh < OH; oh++) {
        const d = dst + oh * Wc;
        const s = src + oh * OW;
        if (oh >= 2 * OH2) {
          // A leftover row gets no pooled gradient: 0 times the derivative (NaN where the activation
          // is NaN, as PyTorch's separate sigmoid backward gives).
          for (let ow = 0; ow < OW; ow++) gm[d + ow] = act === 'sigmoid' ? 0 * y[s + ow] : 0;
          for (let j = OW; j < Wc; j++) gm[d + j] = 0;
          continue;
        }
        const g0 = q * P2 + (oh >> 1) * OW2;
        // Two activations share each pooled gradient; the activation is chosen outside the loop.
        if (act === 'sigmoid') {
          for (let j = 0; j < OW2; j++) {
            const g = gp[g0 + j] * 0.25;
            const e = d + 2 * j, t = s + 2 * j;
            const v0 = y[t], v1 = y[t + 1];
            gm[e] = g * v0 * (1 - v0);
            gm[e + 1] = g * v1 * (1 - v1);
          }
        } else if (act === 'relu') {
          for (let j = 0; j < OW2; j++) {
            const g = gp[g0 + j] * 0.25;
            const e = d + 2 * j, t = s + 2 * j;
            gm[e] = y[t] <= 0 ? 0 : g;
            gm[e + 1] = y[t + 1] <= 0 ? 0 : g;
          }
        } else {
          for (let j = 0; j < OW2; j++) {
            const g = gp[g0 + j] * 0.25;
            gm[d + 2 * j] = g;
            gm[d + 2 * j + 1] = g;
          }
        }
        if (OW > 2 * OW2) gm[d + OW - 1] = act === 'sigmoid' ? 0 * y[s + OW - 1] : 0; // the leftover column
        for (let j = OW; j < Wc; j++) gm[d + j] = 0;
      }
    }
  }
}

/**
 * Whether PyTorch 1.13 (at its default single thread here) runs this convolution on oneDNN
 * (use_mkldnn in its Convolution.cpp), whose weight-gradient kernel skips the zero padding, rather
 * than on its im2col path, which multiplies it in as the engine does. It only matters when the
 * output gradient holds a NaN or ±∞ (0·∞ is NaN).
 */
function skipsPadding(p: Plan): boolean {
  if (p.ph === 0 && p.pw === 0) return false;
  const { N, C, H, W, KH, KW } = p;
  const strided = p.sh !== 1 || p.sw !== 1;
  return (strided || N >= 16 || KH !== 1 || KW !== 1) && ((KH > 3 && KW > 3) || N > 1 || N * C * H * W > 20480);
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] - a[i] !== 0) return false;
  return true;
}

/** dWᵀ (K × O) += the chunk's gathered gradient times the inputs it read, over taps inside the input only. */
function directWeightGrad(x: Float32Array, gm: Float32Array, p: Plan, n0: number, b: number, dwT: Float32Array): void {
  const { C, H, W, O, KH, KW, OH, OW, sh, sw, ph, pw, Wc, Pc } = p;
  const bPc = b * Pc;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < KH; ki++) {
      for (let kj = 0; kj < KW; kj++) {
        const r = (c * KH + ki) * KW + kj;
        for (let o = 0; o < O; o++) {
          let sum = 0;
          for (let i = 0; i < b; i++) {
            for (let oh = 0; oh < OH; oh++) {
              const ih = oh * sh - ph + ki;
              if (ih < 0 || ih >= H) continue;
              for (let ow = 0; ow < OW; ow++) {
                const iw = ow * sw - pw + kj;
                if (iw >= 0 && iw < W) sum += gm[o * bPc + i * Pc + oh * Wc + ow] * x[(((n0 + i) * C + c) * H + ih) * W + iw];
              }
            }
          }
          dwT[r * O + o] += sum;
        }
      }
    }
  }
}

/**
 * conv2d(input (N, C, H, W) or unbatched (C, H, W), weight (O, C, KH, KW), bias (O) or null), then
 * the fused activation if any, then (avgPool2, fused by Sequential for LeNet's blocks)
 * avg_pool2d(kernel 2, stride 2). Stride and padding arrive as validated [h, w] pairs
 * (nn.functional.conv2d and nn.Conv2d parse PyTorch's forms).
 */
export function conv2d(
  x: Tensor, weight: Tensor, bias: Tensor | null, stride: readonly [number, number], padding: readonly [number, number],
  act: FusedActivation = null, avgPool2 = false,
): Tensor {
  const nd = x.shape.length;
  if (nd !== 3 && nd !== 4) {
    throw new RangeError(`conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${fmtSizes(x.shape)}`);
  }
  // PyTorch runs an unbatched input as a batch of one and squeezes the result.
  if (nd === 3) {
    const y = squeeze(conv2d(unsqueeze(x, 0), weight, bias, stride, padding, act), 0);
    // Unbatched blocks are not fused: pooling sees (and names in its messages) the 3-D result.
    return avgPool2 ? avgPool2d(y, HALVING) : y;
  }
  // Chosen once: backward must use the layout the forward planned.
  const kernels = getBackend().conv ?? tsConvKernels;
  const p = plan(x, weight, bias, stride, padding, kernels);
  if (avgPool2 && (p.C === 0 || p.OH < 2 || p.OW < 2)) {
    // Not a block to fuse: the separate pooling op gives PyTorch's messages and edge cases.
    return avgPool2d(conv2d(x, weight, bias, stride, padding, act), HALVING);
  }
  if (p.C === 0) return noChannels(x, weight, bias, p, act);
  const { N, O, OH, OW, K, Pc, B } = p;
  const P = OH * OW;
  const xv = x.values, wv = weight.values;
  const bv = bias === null ? null : bias.values;
  const y = takeStorage(N * O * P); // scatter writes every element
  const pooled = avgPool2 ? takeStorage(N * O * (OH >> 1) * (OW >> 1)) : null;
  const whole = wholePass(kernels, p);
  if (whole) {
    kernels.forward!(xv, wv, bv, y, p, act, pooled);
  } else {
    const work = workBuffer(p);
    const mat = buffer('mat', O * B * Pc);
    for (let n0 = 0; n0 < N; n0 += B) {
      const b = Math.min(B, N - n0);
      kernels.unfold(xv, p, n0, b, work, false);
      gemm(false, false, O, b * Pc, K, 1, wv, K, work, b * Pc, 0, mat, b * Pc);
      kernels.scatter(mat, y, bv, p, n0, b, act, pooled);
    }
  }
  const out = pooled === null ? new Tensor(y, [N, O, OH, OW]) : new Tensor(pooled, [N, O, OH >> 1, OW >> 1]);
  if (suggestsChannelsLast(x.shape, x.strides) || suggestsChannelsLast(weight.shape, weight.strides)) out.strides = channelsLastLayout(out.shape);
  if (!needsGrad(x, weight) && !(bias !== null && needsGrad(bias))) {
    // The activation before pooling was internal to this call.
    if (pooled !== null) releaseStorage(y);
    return out;
  }
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  const node = convNode(act, [N, O, OH, OW], pooled === null ? null : out.shape);
  // The node keeps the activation before pooling (its derivative needs it) until backward has run.
  if (pooled !== null) (out.releaseOnBackward ??= []).push({ storage: y, tensors: [] });
  return record(out, node.name, inputs, (gy) => {
    const dw = weight.requiresGrad ? weight.gradStorage() : null;
    const db = bias !== null && bias.requiresGrad ? bias.gradStorage() : null;
    const dx = x.requiresGrad ? takeZeroedStorage(xv.length) : null; // fold accumulates
    if (N === 0) {
      dw?.fill(0);
      db?.fill(0);
    }
    const wk = workBuffer(p);
    const gm = buffer('mat', O * B * Pc);
    // dWᵀ (K × O) = cols · dYᵀ runs faster in OpenBLAS than dW = dY · colsᵀ for these shapes.
    const dwT = dw === null ? null : buffer('weightT', K * O);
    if (whole) {
      kernels.backward!(gy, y, xv, wv, dwT, db, dx, p, act, pooled !== null);
    } else {
      for (let n0 = 0; n0 < N; n0 += B) {
        const b = Math.min(B, N - n0);
        const bPc = b * Pc;
        const first = n0 === 0 ? 0 : 1;
        kernels.gather(gy, y, gm, p, n0, b, act, pooled !== null);
        if (db !== null) rowSums(O, bPc, gm, first, db);
        if (dwT !== null) {
          kernels.unfold(xv, p, n0, b, wk, true);
          gemm(false, true, K, O, bPc, 1, wk, bPc, gm, bPc, first, dwT, O);
        }
        if (dx !== null) {
          // dcols = Wᵀ·dY in the same layout, folded back into dX.
          gemm(true, false, K, bPc, O, 1, wv, K, gm, bPc, 0, wk, bPc);
          kernels.fold(wk, p, n0, b, dx);
        }
      }
    }
    if (dwT !== null && skipsPadding(p) && !allFinite(dwT.subarray(0, K * O))) {
      // A NaN or ±∞ output gradient met the padding's zeros (0·∞ = NaN). Where PyTorch's
      // weight-gradient kernel never multiplies them, the sums are taken again over taps inside
      // the input only.
      dwT.fill(0, 0, K * O);
      for (let n0 = 0; n0 < N; n0 += B) {
        const b = Math.min(B, N - n0);
        if (pooled === null) gather(gy, y, gm, p, n0, b, act);
        else gatherPooled(gy, y, gm, p, n0, b, act);
        directWeightGrad(xv, gm, p, n0, b, dwT);
      }
    }
    if (dw !== null && dwT !== null && N > 0) {
      for (let o = 0; o < O; o++) for (let k = 0; k < K; k++) dw[o * K + k] = dwT[k * O + o];
    }
    return bias === null ? [dx, dw] : [dx, dw, db];
  }, undefined, node.meta);
}

/** @internal the plan of a conv2d call, for the kernel parity tests. */
export { plan as convPlan };

/** The loops above, for backends without their own convolution kernels (ts, wasm). @internal exported for tests. */
export const tsConvKernels: ConvKernels = {
  wideLayout: true,
  unfold,
  fold,
  scatter: (mat, y, bias, p, n0, b, act, pooled) => {
    scatter(mat, y, bias, p, n0, b, act);
    if (pooled !== null) poolChunk(y, pooled, p, n0, b);
  },
  gather: (gy, y, gm, p, n0, b, act, pooled) => (pooled ? gatherPooled : gather)(gy, y, gm, p, n0, b, act),
};

/**
 * PyTorch 1.13 answers an input without channels with an empty result of 0 channels (not the
 * bias repeated over O channels): its empty-input path sizes the result from the input. The
 * gradients are zeros.
 */
function noChannels(x: Tensor, weight: Tensor, bias: Tensor | null, p: Plan, act: FusedActivation): Tensor {
  const out = new Tensor(new Float32Array(0), [p.N, 0, p.OH, p.OW]);
  if (!needsGrad(x, weight) && !(bias !== null && needsGrad(bias))) return out;
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  const node = convNode(act, out.shape, null);
  return record(out, node.name, inputs, () => {
    const zeros = (t: Tensor | null): Float32Array | null => (t !== null && t.requiresGrad ? new Float32Array(t.values.length) : null);
    return bias === null ? [zeros(x), zeros(weight)] : [zeros(x), zeros(weight), zeros(bias)];
  }, undefined, node.meta);
}
