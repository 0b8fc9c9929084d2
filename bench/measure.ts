/** What a benchmark reports, and how its process's peak memory is measured. */

/** A target a row is judged against: a floor on records/s or a ceiling on peak RSS. */
export interface Target {
  metric: 'records/s' | 'peak RSS MB';
  min?: number;
  max?: number;
}

/** One line of the results table. */
export interface BenchRow {
  benchmark: string;
  records: number;
  seconds: number;
  /** Input bytes as stored (gzip), when the row reads objects. */
  compressedBytes?: number | undefined;
  /** Input bytes after decompression. */
  uncompressedBytes?: number | undefined;
  peakRssMB: number;
  target?: Target | undefined;
  /** Whether the target was met; undefined without a target. */
  pass?: boolean | undefined;
  /** False when the benchmark's own correctness check failed (lost or extra events). */
  correct?: boolean | undefined;
  note?: string | undefined;
}

const MB = 1e6;

/**
 * Samples the process's RSS every 50 ms; `peakMB()` is the larger of the samples and the kernel's
 * high-water mark (`maxRSS`, which also sees peaks between samples).
 */
export class RssSampler {
  #peak = 0;
  #peakHeap = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #trace = process.env['BENCH_MEMORY_TRACE'] === '1';
  #samples = 0;

  constructor() {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), 50);
    this.#timer.unref();
  }

  #sample(): void {
    const m = process.memoryUsage();
    // BENCH_MEMORY_TRACE=1: one line a second on stderr, to see where resident memory goes.
    if (this.#trace && this.#samples++ % 20 === 0) {
      const mb = (n: number): string => (n / MB).toFixed(0);
      process.stderr.write(`memory: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} MB\n`);
    }
    this.#peak = Math.max(this.#peak, m.rss);
    this.#peakHeap = Math.max(this.#peakHeap, m.heapUsed + m.external);
  }

  /** Peak of V8 heap + external (Buffers) seen by the samples, in MB: RSS above it is native (DuckDB, zlib). */
  peakHeapMB(): number {
    return this.#peakHeap / MB;
  }

  /** Peak RSS so far, in MB (10^6 bytes). */
  peakMB(): number {
    this.#sample();
    // maxRSS is in kilobytes.
    return Math.max(this.#peak, process.resourceUsage().maxRSS * 1024) / MB;
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Records per second of a row. */
export function rate(row: Pick<BenchRow, 'records' | 'seconds'>): number {
  return row.seconds > 0 ? row.records / row.seconds : 0;
}

/** Whether `row` meets `target`. */
export function meets(row: BenchRow, target: Target): boolean {
  const value = target.metric === 'records/s' ? rate(row) : row.peakRssMB;
  return (target.min === undefined || value >= target.min) && (target.max === undefined || value < target.max);
}

/** A target as the table shows it: `>= 50,000 rec/s`, `< 300 MB RSS`. */
export function targetText(target: Target | undefined): string {
  if (!target) return '-';
  const unit = target.metric === 'records/s' ? 'rec/s' : 'MB RSS';
  if (target.min !== undefined) return `>= ${target.min.toLocaleString('en-US')} ${unit}`;
  return `< ${(target.max ?? 0).toLocaleString('en-US')} ${unit}`;
}

/** Seconds elapsed since `t0` (a `performance.now()` reading). */
export function since(t0: number): number {
  return (performance.now() - t0) / 1000;
}
