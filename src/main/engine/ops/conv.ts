// 2-D convolution (PyTorch's conv2d, a cross-correlation) by im2col + GEMM. Images are processed
// in chunks: a chunk is unfolded into a (C·KH·KW) × (B·OH·OW) matrix small enough to stay in the
// L2 cache, one GEMM multiplies the weight (O × C·KH·KW) by it, and the product is scattered into
// the NCHW output with the bias. Backward recomputes the unfolding per chunk rather than saving
// it (it is as cheap as reading a saved copy and keeps no large buffer alive between passes):
// dW += dY·colsᵀ, dcols = Wᵀ·dY folded back into dX (col2im), db = row sums of dY.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { channelsLastLayout, suggestsChannelsLast } from '../layout';
import { gemm, rowSums } from './gemm';
import { fmtSizes, validRange, windowCount } from './window';
import { squeeze, unsqueeze } from './shape';

/**
 * Floats of one chunk's unfolded matrix: 128K floats (512 KiB) keep it in this machine's L2
 * while the GEMM reads it right after it was written (measured against larger chunks and one
 * image at a time; see docs/engine-api.md).
 */
const DEFAULT_CHUNK_FLOATS = 1 << 17;
let chunkFloats = DEFAULT_CHUNK_FLOATS;

/**
 * @internal sets the chunk budget (floats of one unfolded chunk) and returns the previous one;
 * tests use it to run the one-image path and chunks with a short last one. Default when omitted.
 */
export function setConvChunkFloats(n: number = DEFAULT_CHUNK_FLOATS): number {
  const prev = chunkFloats;
  chunkFloats = n;
  return prev;
}

/** Scratch for the unfolded chunk and for the chunk-shaped GEMM result / gathered gradient. */
let colsScratch = new Float32Array(0);
let matScratch = new Float32Array(0);

function colsBuffer(n: number): Float32Array {
  if (colsScratch.length < n) colsScratch = new Float32Array(Math.max(n, 2 * colsScratch.length));
  return colsScratch;
}

function matBuffer(n: number): Float32Array {
  if (matScratch.length < n) matScratch = new Float32Array(Math.max(n, 2 * matScratch.length));
  return matScratch;
}

/** Everything a forward or backward pass over one convolution needs to know about its shapes. */
interface Geometry {
  N: number; C: number; H: number; W: number;
  O: number; KH: number; KW: number;
  OH: number; OW: number;
  sh: number; sw: number; ph: number; pw: number;
}

/**
 * Unfolds images [n0, n0 + B) into cols (K × B·P, K = C·KH·KW, P = OH·OW): row (c, ki, kj),
 * column b·P + oh·OW + ow holds x[n0 + b, c, oh·sh − ph + ki, ow·sw − pw + kj], or 0 in the padding.
 */
function im2col(x: Float32Array, g: Geometry, n0: number, B: number, cols: Float32Array): void {
  const { C, H, W, KH, KW, OH, OW, sh, sw, ph, pw } = g;
  const P = OH * OW;
  const BP = B * P;
  const HW = H * W;
  let row = 0;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < KH; ki++) {
      const [ohLo, ohHi] = validRange(OH, H, sh, ki - ph);
      for (let kj = 0; kj < KW; kj++, row++) {
        const [owLo, owHi] = validRange(OW, W, sw, kj - pw);
        for (let b = 0; b < B; b++) {
          const src = ((n0 + b) * C + c) * HW + (ki - ph) * W + (kj - pw);
          const dst = row * BP + b * P;
          unfoldPlane(x, src, cols, dst, W, OW, sh, sw, OH, ohLo, ohHi, owLo, owHi);
        }
      }
    }
  }
}

/** One (tap, image) strip of im2col: OH rows of OW values, zeros where the tap reads padding. */
function unfoldPlane(
  x: Float32Array, src: number, cols: Float32Array, dst: number, W: number, OW: number,
  sh: number, sw: number, OH: number, ohLo: number, ohHi: number, owLo: number, owHi: number,
): void {
  const zeroEnd = dst + ohLo * OW;
  for (let i = dst; i < zeroEnd; i++) cols[i] = 0;
  for (let oh = ohLo; oh < ohHi; oh++) {
    const d = dst + oh * OW;
    const s = src + oh * sh * W;
    for (let ow = 0; ow < owLo; ow++) cols[d + ow] = 0;
    if (sw === 1) for (let ow = owLo; ow < owHi; ow++) cols[d + ow] = x[s + ow];
    else for (let ow = owLo; ow < owHi; ow++) cols[d + ow] = x[s + ow * sw];
    for (let ow = owHi; ow < OW; ow++) cols[d + ow] = 0;
  }
  const end = dst + OH * OW;
  for (let i = dst + ohHi * OW; i < end; i++) cols[i] = 0;
}

/** The adjoint of im2col: adds every entry of dcols back into the input position it was read from. */
function col2im(dcols: Float32Array, g: Geometry, n0: number, B: number, dx: Float32Array): void {
  const { C, H, W, KH, KW, OH, OW, sh, sw, ph, pw } = g;
  const P = OH * OW;
  const BP = B * P;
  const HW = H * W;
  let row = 0;
  for (let c = 0; c < C; c++) {
    for (let ki = 0; ki < KH; ki++) {
      const [ohLo, ohHi] = validRange(OH, H, sh, ki - ph);
      for (let kj = 0; kj < KW; kj++, row++) {
        const [owLo, owHi] = validRange(OW, W, sw, kj - pw);
        for (let b = 0; b < B; b++) {
          const dst = ((n0 + b) * C + c) * HW + (ki - ph) * W + (kj - pw);
          const src = row * BP + b * P;
          foldPlane(dcols, src, dx, dst, W, OW, sh, sw, ohLo, ohHi, owLo, owHi);
        }
      }
    }
  }
}

function foldPlane(
  dcols: Float32Array, src: number, dx: Float32Array, dst: number, W: number, OW: number,
  sh: number, sw: number, ohLo: number, ohHi: number, owLo: number, owHi: number,
): void {
  for (let oh = ohLo; oh < ohHi; oh++) {
    const s = src + oh * OW;
    const d = dst + oh * sh * W;
    if (sw === 1) for (let ow = owLo; ow < owHi; ow++) dx[d + ow] += dcols[s + ow];
    else for (let ow = owLo; ow < owHi; ow++) dx[d + ow * sw] += dcols[s + ow];
  }
}

/** Images per chunk: as many as fit the chunk budget unfolded (at least one). */
function chunkSize(g: Geometry): number {
  const perImage = g.C * g.KH * g.KW * g.OH * g.OW;
  return perImage === 0 ? Math.max(g.N, 1) : Math.max(1, Math.min(g.N, Math.floor(chunkFloats / perImage)));
}

/** Shape checks in PyTorch 1.13's order and words (check_shape_forward); returns the geometry. */
function geometry(x: Tensor, weight: Tensor, bias: Tensor | null, stride: readonly [number, number], padding: readonly [number, number]): Geometry {
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
  const [sh, sw] = stride;
  return { N, C, H, W, O, KH, KW, OH: windowCount(H, KH, ph, sh), OW: windowCount(W, KW, pw, sw), sh, sw, ph, pw };
}

/**
 * conv2d(input (N, C, H, W) or unbatched (C, H, W), weight (O, C, KH, KW), bias (O) or null).
 * Stride and padding arrive as validated [h, w] pairs (nn.functional.conv2d parses PyTorch's forms).
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null, stride: readonly [number, number], padding: readonly [number, number]): Tensor {
  const nd = x.shape.length;
  if (nd !== 3 && nd !== 4) {
    throw new RangeError(`conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${fmtSizes(x.shape)}`);
  }
  // PyTorch runs an unbatched input as a batch of one and squeezes the result.
  if (nd === 3) return squeeze(conv2d(unsqueeze(x, 0), weight, bias, stride, padding), 0);
  const g = geometry(x, weight, bias, stride, padding);
  const { N, O, OH, OW } = g;
  const K = g.C * g.KH * g.KW;
  const P = OH * OW;
  const xv = x.values, wv = weight.values;
  const bv = bias === null ? null : bias.values;
  const y = new Float32Array(N * O * P);
  const B = chunkSize(g);
  const cols = colsBuffer(K * B * P);
  const mat = B > 1 ? matBuffer(O * B * P) : null;
  for (let n0 = 0; n0 < N; n0 += B) {
    const b = Math.min(B, N - n0);
    const bP = b * P;
    im2col(xv, g, n0, b, cols);
    if (mat === null) {
      // One image: the GEMM writes straight into its output plane, on top of the bias.
      const yo = y.subarray(n0 * O * P, (n0 + 1) * O * P);
      if (bv !== null) for (let o = 0; o < O; o++) yo.fill(bv[o], o * P, (o + 1) * P);
      gemm(false, false, O, P, K, 1, wv, K, cols, P, bv === null ? 0 : 1, yo, P);
    } else {
      gemm(false, false, O, bP, K, 1, wv, K, cols, bP, 0, mat, bP);
      scatterChunk(mat, y, bv, n0, b, O, P);
    }
  }
  const out = new Tensor(y, [N, O, OH, OW]);
  if (suggestsChannelsLast(x.shape, x.strides) || suggestsChannelsLast(weight.shape, weight.strides)) out.strides = channelsLastLayout(out.shape);
  const needB = bias !== null && needsGrad(bias);
  if (!needsGrad(x, weight) && !needB) return out;
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(out, 'ConvolutionBackward0', inputs, (gy) => {
    const dw = weight.requiresGrad ? weight.gradStorage() : null;
    const db = bias !== null && bias.requiresGrad ? bias.gradStorage() : null;
    const dx = x.requiresGrad ? new Float32Array(xv.length) : null;
    if (dw !== null && N === 0) dw.fill(0);
    if (db !== null && N === 0) db.fill(0);
    const cb = dw !== null || dx !== null ? colsBuffer(K * B * P) : null;
    const gm = B > 1 ? matBuffer(O * B * P) : null;
    for (let n0 = 0; n0 < N; n0 += B) {
      const b = Math.min(B, N - n0);
      const bP = b * P;
      let gc: Float32Array;
      if (gm === null) gc = gy.subarray(n0 * O * P, (n0 + 1) * O * P);
      else {
        gatherChunk(gy, gm, n0, b, O, P);
        gc = gm;
      }
      const first = n0 === 0 ? 0 : 1;
      if (db !== null) rowSums(O, bP, gc, first, db);
      if (dw !== null) {
        im2col(xv, g, n0, b, cb!);
        gemm(false, true, O, K, bP, 1, gc, bP, cb!, bP, first, dw, K);
      }
      if (dx !== null) {
        gemm(true, false, K, bP, O, 1, wv, K, gc, bP, 0, cb!, bP);
        col2im(cb!, g, n0, b, dx);
      }
    }
    return bias === null ? [dx, dw] : [dx, dw, db];
  });
}

/** Chunk result (O × b·P) into the NCHW output, adding the bias on the way. */
function scatterChunk(mat: Float32Array, y: Float32Array, bv: Float32Array | null, n0: number, b: number, O: number, P: number): void {
  const bP = b * P;
  for (let i = 0; i < b; i++) {
    for (let o = 0; o < O; o++) {
      const src = o * bP + i * P;
      const dst = ((n0 + i) * O + o) * P;
      const bo = bv === null ? 0 : bv[o];
      for (let p = 0; p < P; p++) y[dst + p] = mat[src + p] + bo;
    }
  }
}

/** The NCHW output gradient of images [n0, n0 + b) as one O × b·P matrix. */
function gatherChunk(gy: Float32Array, mat: Float32Array, n0: number, b: number, O: number, P: number): void {
  const bP = b * P;
  for (let i = 0; i < b; i++) {
    for (let o = 0; o < O; o++) {
      const dst = o * bP + i * P;
      const src = ((n0 + i) * O + o) * P;
      for (let p = 0; p < P; p++) mat[dst + p] = gy[src + p];
    }
  }
}
