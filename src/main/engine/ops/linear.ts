// The fused affine map y = x·Wᵀ + b behind nn.Linear: the bias is written into y first and the
// product accumulated on top (beta = 1), so no separate broadcast add or temporary is needed.
// Sequential also fuses a following ReLU or Sigmoid into the same node (applied in place on y);
// the node keeps PyTorch's names for the two nodes it stands for (GradFn.fusedOf).
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { fmtShape } from '../shape';
import { columnSums, gemm } from './gemm';
import { reluBackward, reluForward, sigmoidBackward, sigmoidInPlace } from './unary';
import { takeStorage } from '../backend/caching-allocator';

/**
 * The activation-masked output gradient lives only while one backward closure runs (it feeds the three
 * gradient GEMMs and is never returned), so one growing scratch array serves every fused node
 * instead of a fresh 256 KB allocation per step.
 */
let maskedGrad = new Float32Array(0);

function scratch(n: number): Float32Array {
  if (maskedGrad.length < n) maskedGrad = new Float32Array(Math.max(n, 2 * maskedGrad.length));
  return maskedGrad.length === n ? maskedGrad : maskedGrad.subarray(0, n);
}

/** An activation applied in place on the output and differentiated in the same node. */
export type LinearActivation = 'relu' | 'sigmoid' | null;

/** What PyTorch records after addmm (mm without a bias) for the fused activation. */
const ACT_NODES = { relu: 'ReluBackward0', sigmoid: 'SigmoidBackward0' } as const;

export function linear(x: Tensor, weight: Tensor, bias: Tensor | null, act: LinearActivation = null): Tensor {
  const [outF, inF] = weight.shape;
  const xs = x.shape;
  if (weight.shape.length !== 2 || xs.length === 0 || xs[xs.length - 1] !== inF) {
    throw new RangeError(
      `linear: shapes ${fmtShape(xs)} and ${fmtShape([weight.shape[1], weight.shape[0]])} cannot be multiplied (${xs[xs.length - 1]} != ${inF})`,
    );
  }
  if (bias !== null && bias.values.length !== outF) {
    throw new RangeError(`linear: bias of shape ${fmtShape(bias.shape)} does not match ${outF} output features`);
  }
  // Counted from the shape: with in_features 0 there are no values to divide, yet every row gets the bias.
  let rows = 1;
  for (let i = 0; i < xs.length - 1; i++) rows *= xs[i];
  const xv = x.values, wv = weight.values;
  const y = takeStorage(rows * outF); // the bias rows or a beta = 0 GEMM write every element
  if (bias !== null) {
    const bv = bias.values;
    if (outF === 1) y.fill(bv[0]);
    else for (let r = 0; r < rows; r++) y.set(bv, r * outF);
  }
  gemm(false, true, rows, outF, inF, 1, xv, inF, wv, inF, bias === null ? 0 : 1, y, outF);
  if (act === 'relu') reluForward(y, y, y.length);
  else if (act === 'sigmoid') sigmoidInPlace(y, 0, y.length);
  const shape = xs.slice();
  shape[shape.length - 1] = outF;
  const out = new Tensor(y, shape);
  if (!needsGrad(x, weight) && !(bias !== null && needsGrad(bias))) return out;
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  // PyTorch's graph for the same code: addmm(bias, x, weight.t()) (mm(x, weight.t()) without a
  // bias), then the activation's own node; the one fused node stands for both (graph.ts expands it).
  const affine = bias === null ? 'MmBackward0' : 'AddmmBackward0';
  const meta = {
    torchInputs: bias === null ? [0, { transposed: 1 }] : [2, 0, { transposed: 1 }],
    ...(act === null ? {} : { fusedOf: [affine, ACT_NODES[act]], fusedShapes: [shape, shape] }),
  };
  return record(out, act === null ? affine : ACT_NODES[act], inputs, (gOut) => {
    let g = gOut;
    if (act !== null) {
      g = scratch(gOut.length);
      if (act === 'relu') reluBackward(gOut, y, g, g.length);
      else sigmoidBackward(gOut, y, y, g, g.length);
    }
    let dx: Float32Array | null = null;
    let dw: Float32Array | null = null;
    let db: Float32Array | null = null;
    // x.requiresGrad is false for a data batch: its (largest) gradient GEMM is skipped outright.
    if (x.requiresGrad) {
      dx = takeStorage(rows * inF); // beta = 0: the GEMM writes every element
      gemm(false, false, rows, inF, outF, 1, g, outF, wv, inF, 0, dx, inF);
    }
    if (weight.requiresGrad) {
      dw = weight.gradStorage();
      gemm(true, false, outF, inF, rows, 1, g, outF, xv, inF, 0, dw, inF);
    }
    if (bias !== null && bias.requiresGrad) {
      db = bias.gradStorage();
      columnSums(rows, outF, g, db);
    }
    return [dx, dw, db];
  }, act !== null || x.requiresGrad || weight.requiresGrad, meta); // a bias alone needs nothing saved

}
