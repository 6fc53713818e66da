// Deterministic random numbers: sfc32 (a small, fast 32-bit generator that passes PractRand)
// seeded through splitmix32, so the same seed gives the same stream on every machine.

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

/**
 * fillUint32 works in blocks: V8 then compiles the block function whole after a few calls, where
 * one long loop would be compiled mid-loop (OSR) before the code after it ever ran, and that code
 * deoptimised again on every call (measured: dropout stuck at interpreter speed).
 */
const FILL_BLOCK = 4096;

/** sfc32 outputs for out[start..end), advancing the state words in s. */
function sfc32Block(s: Int32Array, out: Uint32Array, start: number, end: number): void {
  let a = s[0], b = s[1], c = s[2], d = s[3];
  for (let i = start; i < end; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    out[i] = t;
  }
  s[0] = a; s[1] = b; s[2] = c; s[3] = d;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export class Generator {
  /**
   * sfc32's four state words. An Int32Array rather than four fields: words above 2^30 do not fit
   * V8's small integers, and fields flipping between representations kept deoptimising callers.
   */
  private readonly s = new Int32Array(4);
  /** Second Box–Muller deviate, kept for the next normal() call when hasSpare. */
  private spare = 0.5;
  private hasSpare = false;
  private seedValue = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Reseeds; any integer (or float, truncated) in the safe-integer range works. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new RangeError(`manualSeed: seed must be a finite number, got ${seed}`);
    this.seedValue = Math.trunc(seed);
    // Mix both 32-bit halves so seeds above 2^32 still differ.
    const lo = this.seedValue % 4294967296 | 0;
    const hi = Math.floor(this.seedValue / 4294967296) | 0;
    let st = lo ^ Math.imul(hi, 0x27d4eb2d);
    for (let i = 0; i < 4; i++) {
      const [next, word] = splitmix32(st);
      st = next;
      this.s[i] = word;
    }
    this.hasSpare = false;
    // Warm up: sfc32's first outputs are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
    return this;
  }

  initialSeed(): number {
    return this.seedValue;
  }

  /** Next raw 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const a = s[0], b = s[1], c = s[2], d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    s[2] = (r + t) | 0;
    return t >>> 0;
  }

  /**
   * @internal fills `out` with the next out.length outputs of nextUint32(), in order: the same
   * stream, with the state held in locals (what per-element kernels like dropout use).
   */
  fillUint32(out: Uint32Array): void {
    for (let i = 0; i < out.length; i += FILL_BLOCK) sfc32Block(this.s, out, i, Math.min(out.length, i + FILL_BLOCK));
  }

  /** Uniform float64 in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /** Standard normal deviate (Box–Muller; the pair's second value is cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.random(); // (0, 1]: log stays finite
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Integer in [0, n). */
  randint(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`randint: n must be a positive integer, got ${n}`);
    return Math.floor(this.random() * n);
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation: n must be a non-negative integer, got ${n}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/** The generator every random function uses when none is passed. */
export const defaultGenerator = new Generator(0);

export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
