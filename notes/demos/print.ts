// What a live snippet prints with: `print(...values)` collects one line per call, and
// `formatValue` writes a tensor the way the engine's toString() does (PyTorch's print style)
// and anything else plainly, as Python's print would.
import { Tensor } from '../../src/main/engine';

export type Print = (...values: unknown[]) => void;

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

/** One value as text: tensors as `tensor([…])`, arrays as `[a, b]`, strings as they are. */
export function formatValue(value: unknown): string {
  if (value instanceof Tensor) return value.toString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'number' ? formatNumber(x) : String(x)));
    return `${value.constructor.name} [${items.join(', ')}]`;
  }
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A print that collects its lines, for whatever shows them (a note's card, a test). */
export function collectingPrint(): { print: Print; lines: string[] } {
  const lines: string[] = [];
  return { print: (...values) => lines.push(values.map(formatValue).join(' ')), lines };
}
