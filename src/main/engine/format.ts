// toString() in PyTorch's print style: tensor([[1.0000, 2.0000]], requires_grad=True).
import type { Tensor } from './tensor';

const MAX_ELEMENTS = 1000;
const EDGE = 3;

function fmtNumber(v: number, intMode: boolean, sci: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (intMode) return `${v}.`;
  if (sci) return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  return v.toFixed(4);
}

export function formatTensor(t: Tensor): string {
  const v = t.values;
  const finite = Array.from(v).filter((x) => Number.isFinite(x));
  const intMode = finite.length > 0 && finite.every((x) => Number.isInteger(x)) && finite.every((x) => Math.abs(x) < 1e8);
  const maxAbs = finite.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const minAbs = finite.filter((x) => x !== 0).reduce((m, x) => Math.min(m, Math.abs(x)), Infinity);
  const sci = !intMode && (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || (maxAbs / minAbs > 1000 && maxAbs > 0 && minAbs < 1e-2));
  const summarize = v.length > MAX_ELEMENTS;
  const cells = Array.from(v, (x) => fmtNumber(x, intMode, sci));
  const width = cells.reduce((w, c) => Math.max(w, c.length), 0);
  const shape = t.shape;
  const indent = 'tensor('.length;
  const render = (d: number, offset: number, stride: number): string => {
    if (d === shape.length) return cells[offset].padStart(width);
    const n = shape[d];
    const inner = n === 0 ? 0 : stride / n;
    const pick = summarize && n > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
    const parts = pick.map((i) => (i < 0 ? '...' : render(d + 1, offset + i * inner, inner)));
    const sep = d === shape.length - 1 ? ', ' : `,${'\n'.repeat(shape.length - d - 1)}${' '.repeat(indent + d + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = shape.length === 0 ? fmtNumber(v[0], intMode, sci) : render(0, 0, v.length);
  const extras: string[] = [];
  if (t.gradFn !== null) extras.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push('requires_grad=True');
  return `tensor(${body}${extras.length ? `, ${extras.join(', ')}` : ''})`;
}
