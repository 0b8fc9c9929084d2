/**
 * Seeded pseudo-random numbers for the demo bucket. Every stream of the demo draws from its own
 * generator, derived from the seed and a label, so one stream's content never depends on the
 * order in which the others were generated.
 */

/** A 32-bit FNV-1a hash of a string, used to turn labels into seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Murmur3's finaliser spreads FNV's weak low bits over the whole word.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

/** A mulberry32 generator with the helpers the demo needs. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new RangeError('pick() from an empty list');
    return item;
  }

  /** A Poisson-distributed count with mean `mean` (Knuth's method; the demo's means are small). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** The list shuffled (Fisher-Yates), as a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(this.float() * alphabet.length));
    return out;
  }

  /** Lower-case hexadecimal digits. */
  hex(length: number): string {
    return this.chars(HEX, length);
  }

  /** Mixed-case letters and digits (CloudTrail's object-name suffix). */
  alnum(length: number): string {
    return this.chars(ALNUM, length);
  }

  /** Upper-case letters and digits (access key ids, S3 request ids). */
  upperAlnum(length: number): string {
    return this.chars(UPPER_ALNUM, length);
  }

  /** A version-4 UUID. */
  uuid(): string {
    const variant = HEX.charAt(8 + this.int(0, 3));
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

/** A generator for the stream named by `labels` under `seed`. */
export function createRng(seed: number, ...labels: Array<string | number>): Rng {
  return new Rng(hash32(`${seed}|${labels.join('|')}`));
}
