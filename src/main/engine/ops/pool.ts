// 2-D max and average pooling over (N, C, H, W) or unbatched (C, H, W) inputs, forward beside
// backward, with PyTorch 1.13's CPU semantics: windows are clipped to the input (max pooling never
// sees the padding; average pooling counts it in the divisor unless countIncludePad is false), the
// maximum of a window is its first largest element in row-major order (a NaN wins, the last one),
// and its gradient goes to that element only.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { normDim } from '../shape';
import { channelsLastLayout, suggestsChannelsLast } from '../layout';
import { windowCount } from './window';
import { takeStorage, takeZeroedStorage } from '../backend/caching-allocator';

export interface PoolParams {
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
}

interface PoolGeometry {
  planes: number; H: number; W: number; OH: number; OW: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number;
  /** Elements per input plane (H·W) and per output plane (OH·OW). */
  HW: number; P: number;
  outShape: number[];
}

/** PyTorch's pooling_output_shape for one side, with its checks in its order. */
function outputSize(op: string, size: number, kernel: number, pad: number, stride: number): number {
  if (stride === 0) throw new RangeError(`${op}: stride should not be zero`);
  if (pad < 0) throw new RangeError(`${op}: pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.trunc(kernel / 2)) throw new RangeError(`${op}: pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${kernel}`);
  return windowCount(size, kernel, pad, stride);
}

/** The checks of PyTorch's max_pool2d / avg_pool2d meta functions and pool2d_shape_check, in order. */
function poolGeometry(op: 'max_pool2d' | 'avg_pool2d', x: Tensor, p: PoolParams): PoolGeometry {
  const s = x.shape;
  const nd = s.length;
  if (op === 'max_pool2d' && nd !== 3 && nd !== 4) throw new RangeError(`${op}: non-empty 3D or 4D (batch mode) tensor expected for input`);
  // avg_pool2d reads size(-3) before checking the rank, so a smaller input fails on that dim.
  if (nd < 3) {
    if (nd === 0) throw new RangeError(`${op}: Dimension specified as -3 but tensor has no dimensions`);
    normDim(-3, nd, op);
  }
  const [kh, kw] = p.kernel, [sh, sw] = p.stride, [ph, pw] = p.padding;
  const C = s[nd - 3], H = s[nd - 2], W = s[nd - 1];
  const OH = outputSize(op, H, kh, ph, sh);
  const OW = outputSize(op, W, kw, pw, sw);
  if (kh <= 0 || kw <= 0) throw new RangeError(`${op}: kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  if (sh <= 0 || sw <= 0) throw new RangeError(`${op}: stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  const validDims = C !== 0 && H !== 0 && W !== 0;
  if ((nd !== 3 && nd !== 4) || !validDims) {
    throw new RangeError(`${op}: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[${s.join(', ')}]`);
  }
  if (OH < 1 || OW < 1) {
    throw new RangeError(`${op}: Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${OH}x${OW}). Output size is too small`);
  }
  const planes = nd === 4 ? s[0] * C : C;
  const outShape = nd === 4 ? [s[0], C, OH, OW] : [C, OH, OW];
  return { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, HW: H * W, P: OH * OW, outShape };
}

/** A pooled result lays out its values like the input suggests (channels-last stays channels-last). */
function pooledTensor(y: Float32Array, x: Tensor, shape: number[]): Tensor {
  const out = new Tensor(y, shape);
  if (shape.length === 4 && suggestsChannelsLast(x.shape, x.strides)) out.strides = channelsLastLayout(shape);
  return out;
}

export function maxPool2d(x: Tensor, p: PoolParams): Tensor {
  const g = poolGeometry('max_pool2d', x, p);
  const { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, HW, P } = g;
  const xv = x.values;
  const y = takeStorage(planes * P); // every output position is written
  // Per output, the argmax's offset inside its input plane (PyTorch's indices).
  const idx = new Int32Array(planes * P);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * HW;
    let o = pl * P;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - ph;
      const h1 = Math.min(h0 + kh, H);
      const hs = Math.max(h0, 0);
      for (let ow = 0; ow < OW; ow++, o++) {
        const w0 = ow * sw - pw;
        const w1 = Math.min(w0 + kw, W);
        const ws = Math.max(w0, 0);
        let best = -Infinity;
        let at = hs * W + ws;
        for (let ih = hs; ih < h1; ih++) {
          const row = ih * W;
          for (let iw = ws; iw < w1; iw++) {
            const v = xv[base + row + iw];
            if (v > best || v !== v) {
              best = v;
              at = row + iw;
            }
          }
        }
        y[o] = best;
        idx[o] = at;
      }
    }
  }
  const out = pooledTensor(y, x, g.outShape);
  if (!needsGrad(x)) return out;
  return record(out, 'MaxPool2DWithIndicesBackward0', [x], (gy) => {
    const dx = takeZeroedStorage(xv.length);
    for (let pl = 0; pl < planes; pl++) {
      const base = pl * HW;
      const o0 = pl * P;
      for (let o = o0; o < o0 + P; o++) dx[base + idx[o]] += gy[o];
    }
    return [dx];
  });
}

export interface AvgPoolParams extends PoolParams {
  /** PyTorch's count_include_pad: the padding counts in each window's divisor (default true). */
  countIncludePad: boolean;
}

/**
 * The divisor of each output position: the window clipped to the padded input when the padding
 * counts, else clipped to the input itself (PyTorch's cpu_avg_pool).
 */
function divisors(g: PoolGeometry, countIncludePad: boolean): Float64Array {
  const { H, W, OH, OW, kh, kw, sh, sw, ph, pw } = g;
  const d = new Float64Array(OH * OW);
  for (let oh = 0; oh < OH; oh++) {
    const h0 = oh * sh - ph;
    const h1 = Math.min(h0 + kh, H + ph);
    for (let ow = 0; ow < OW; ow++) {
      const w0 = ow * sw - pw;
      const w1 = Math.min(w0 + kw, W + pw);
      d[oh * OW + ow] = countIncludePad
        ? (h1 - h0) * (w1 - w0)
        : (Math.min(h1, H) - Math.max(h0, 0)) * (Math.min(w1, W) - Math.max(w0, 0));
    }
  }
  return d;
}

export function avgPool2d(x: Tensor, p: AvgPoolParams): Tensor {
  const g = poolGeometry('avg_pool2d', x, p);
  const { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, P } = g;
  const xv = x.values;
  const div = divisors(g, p.countIncludePad);
  const y = takeStorage(planes * P); // every output position is written
  if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && ph === 0 && pw === 0) avgPool2x2(xv, y, 0, planes, H, W, OH, OW);
  else avgWindows(xv, y, g, div, false);
  const out = pooledTensor(y, x, g.outShape);
  if (!needsGrad(x)) return out;
  return record(out, 'AvgPool2DBackward0', [x], (gy) => {
    if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && ph === 0 && pw === 0 && H % 2 === 0 && W % 2 === 0) {
      // Non-overlapping windows tiling the whole input: every element is written once.
      const d = takeStorage(xv.length);
      avgPool2x2Backward(gy, d, planes, H, W, OH, OW);
      return [d];
    }
    const dx = takeZeroedStorage(xv.length);
    if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && ph === 0 && pw === 0) {
      avgPool2x2Backward(gy, dx, planes, H, W, OH, OW);
      return [dx];
    }
    avgWindows(gy, dx, g, div, true);
    return [dx];
  });
}

/**
 * Average pooling's general case, both ways over the same clipped windows: forward (spread false)
 * sums each window of src into its output in dst over its divisor; backward (spread true) adds each
 * output gradient in src, over its divisor, to every input of its window in dst.
 */
function avgWindows(src: Float32Array, dst: Float32Array, g: PoolGeometry, div: Float64Array, spread: boolean): void {
  const { planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, HW, P } = g;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * HW;
    let o = pl * P;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - ph;
      const hs = Math.max(h0, 0), he = Math.min(h0 + kh, H);
      for (let ow = 0; ow < OW; ow++, o++) {
        const w0 = ow * sw - pw;
        const ws = Math.max(w0, 0), we = Math.min(w0 + kw, W);
        if (spread) {
          const share = src[o] / div[oh * OW + ow];
          for (let ih = hs; ih < he; ih++) {
            const row = base + ih * W;
            for (let iw = ws; iw < we; iw++) dst[row + iw] += share;
          }
        } else {
          let sum = 0;
          for (let ih = hs; ih < he; ih++) {
            const row = base + ih * W;
            for (let iw = ws; iw < we; iw++) sum += src[row + iw];
          }
          dst[o] = sum / div[oh * OW + ow];
        }
      }
    }
  }
}

/**
 * LeNet's AvgPool2d(2, 2) over planes [first, end) of x (each H×W) into the same planes of y (each
 * OH×OW): non-overlapping 2×2 windows, no padding, so every divisor is 4. The fused convolution
 * pools its chunks of planes through it too.
 */
export function avgPool2x2(x: Float32Array, y: Float32Array, first: number, end: number, H: number, W: number, OH: number, OW: number): void {
  let o = first * OH * OW;
  for (let pl = first; pl < end; pl++) {
    const base = pl * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = base + 2 * oh * W;
      const r1 = r0 + W;
      for (let ow = 0; ow < OW; ow++, o++) {
        const c = 2 * ow;
        y[o] = (x[r0 + c] + x[r0 + c + 1] + x[r1 + c] + x[r1 + c + 1]) / 4;
      }
    }
  }
}

function avgPool2x2Backward(gy: Float32Array, dx: Float32Array, planes: number, H: number, W: number, OH: number, OW: number): void {
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = base + 2 * oh * W;
      const r1 = r0 + W;
      for (let ow = 0; ow < OW; ow++, o++) {
        const v = gy[o] / 4;
        const c = 2 * ow;
        dx[r0 + c] = v;
        dx[r0 + c + 1] = v;
        dx[r1 + c] = v;
        dx[r1 + c + 1] = v;
      }
    }
  }
}
