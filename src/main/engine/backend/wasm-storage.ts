// The wasm backend's memory: one shared WebAssembly.Memory that holds (1) storage handed out as
// Float32Array views (alloc/release), which kernels use in place, and (2) one scratch block per
// call where operands from JavaScript's heap are copied in and results copied back out.
//
// The memory is shared (a SharedArrayBuffer) because growing a non-shared memory detaches its
// buffer, and with it every view ever handed out; growing a shared one only makes a new, longer
// SharedArrayBuffer over the same bytes, so old views stay valid. Each such buffer object is
// remembered, so a view made before a growth is still recognised as ours.
import type { BackendStorage } from './types';
import { errorMessage } from '../../../shared/error-message';

const PAGE = 65536;
/** Block alignment: a cache line, which also keeps every v128 load aligned. */
const ALIGN = 64;
/** Rounds a byte count up to the block alignment. */
export const alignUp = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;

export class WasmStorage implements BackendStorage {
  readonly memory: WebAssembly.Memory;
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private heap: Float32Array;
  /** First byte never handed out (a bump pointer above the module's static data). */
  private top: number;
  /** Released blocks by aligned byte size, reused before the bump pointer moves. */
  private readonly free = new Map<number, number[]>();
  private scratchOffset = 0;
  private scratchBytes = 0;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.heap = this.refresh();
    this.top = alignUp(heapBase);
  }

  /** The current buffer as floats; call again after anything that may grow the memory. */
  private refresh(): Float32Array {
    const buffer = this.memory.buffer;
    if (this.heap?.buffer !== buffer) {
      this.buffers.add(buffer);
      this.heap = new Float32Array(buffer);
    }
    return this.heap;
  }

  /** A fresh block from the bump pointer, growing the memory when it is too small. */
  private bump(bytes: number): number {
    const offset = this.top;
    const end = offset + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch (err) {
        throw new RangeError(`wasm backend: cannot grow its memory to ${end} bytes (${errorMessage(err)})`);
      }
    }
    this.top = end;
    this.refresh();
    return offset;
  }

  alloc(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`alloc: n must be a non-negative integer, got ${n}`);
    const bytes = alignUp(Math.max(n, 1) * 4);
    const reused = this.free.get(bytes)?.pop();
    if (reused !== undefined) {
      const view = new Float32Array(this.refresh().buffer, reused, n);
      view.fill(0);
      return view;
    }
    // Fresh pages are zero: the bump path needs no fill.
    const offset = this.bump(bytes);
    return new Float32Array(this.heap.buffer, offset, n);
  }

  release(view: Float32Array): void {
    if (!this.owns(view)) throw new RangeError('release: the view is not wasm backend storage');
    const bytes = alignUp(Math.max(view.length, 1) * 4);
    const list = this.free.get(bytes);
    if (list) list.push(view.byteOffset);
    else this.free.set(bytes, [view.byteOffset]);
  }

  owns(view: Float32Array): boolean {
    return this.buffers.has(view.buffer);
  }

  /** Byte offset of an owned view, or -1 for one in JavaScript's heap. */
  offsetOf(view: Float32Array): number {
    return this.buffers.has(view.buffer) ? view.byteOffset : -1;
  }

  /**
   * Byte offset of a scratch block of at least `bytes`, valid until the next call. The block only
   * ever grows (to the next power of two), so steady-state training reuses one block.
   */
  scratch(bytes: number): number {
    if (bytes > this.scratchBytes) {
      if (this.scratchBytes > 0) this.release(new Float32Array(this.refresh().buffer, this.scratchOffset, this.scratchBytes / 4));
      const size = Math.max(2 ** Math.ceil(Math.log2(bytes)), 1 << 20);
      this.scratchOffset = this.alloc(size / 4).byteOffset;
      this.scratchBytes = size;
    }
    return this.scratchOffset;
  }

  /** Copies n floats of `src` to byte offset `offset`. */
  copyIn(src: Float32Array, n: number, offset: number): void {
    this.refresh().set(src.length === n ? src : src.subarray(0, n), offset >> 2);
  }

  /** Copies n floats at byte offset `offset` into `dst`. */
  copyOut(offset: number, dst: Float32Array, n: number): void {
    const start = offset >> 2;
    dst.set(this.refresh().subarray(start, start + n));
  }
}
