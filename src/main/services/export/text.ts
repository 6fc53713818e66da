// Human-readable parameter exports. JSON nests values by shape (like `tensor.tolist()`); CSV has
// one row per element: `name,index,value`, where a 2-D index reads "0,1" (quoted, it holds a comma).
// Values print as the shortest decimal that reads back as the same float32.
import { checkParams, formatFloat32, type NamedParams } from './tensors';

export interface TextExportInfo {
  runId: string;
  experiment: string;
  section: string;
  seed: number;
}

type Nested = number | Nested[];

function nest(shape: readonly number[], data: ArrayLike<number>, dim = 0, offset = 0): Nested {
  if (dim === shape.length) return Number(formatFloat32(data[offset]!));
  const stride = shape.slice(dim + 1).reduce((n, d) => n * d, 1);
  const out: Nested[] = [];
  for (let i = 0; i < shape[dim]!; i++) out.push(nest(shape, data, dim + 1, offset + i * stride));
  return out;
}

export function encodeJson(params: NamedParams, info: TextExportInfo): Uint8Array {
  const tensors: Record<string, { shape: number[]; values: Nested }> = {};
  for (const [name, t] of checkParams(params)) tensors[name] = { shape: [...t.shape], values: nest(t.shape, t.data) };
  const doc = { format: 'd2l-workbench-params', version: 1, run: info, dtype: 'float32', params: tensors };
  return new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`);
}

function indexOf(shape: readonly number[], flat: number): string {
  const idx: number[] = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx.length > 1 ? `"${idx.join(',')}"` : idx.join(',');
}

export function encodeCsv(params: NamedParams): Uint8Array {
  const lines = ['name,index,value'];
  for (const [name, t] of checkParams(params)) {
    for (let i = 0; i < t.data.length; i++) lines.push(`${name},${indexOf(t.shape, i)},${formatFloat32(t.data[i]!)}`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
