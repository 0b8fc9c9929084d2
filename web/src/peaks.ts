/**
 * Traffic peaks in a histogram: the buckets whose value is above the mean plus `k` standard
 * deviations of all buckets of the range (k = 3 by default). Empty ranges and flat series have none.
 */

/** Indexes of the peak buckets, ascending, and the threshold used. */
export function findPeaks(values: readonly number[], k = 3): { threshold: number; peaks: number[] } {
  if (values.length < 3) return { threshold: Infinity, peaks: [] };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  const threshold = mean + k * Math.sqrt(variance);
  if (variance === 0) return { threshold, peaks: [] };
  const peaks: number[] = [];
  values.forEach((v, i) => {
    if (v > threshold) peaks.push(i);
  });
  return { threshold, peaks };
}

/** Sums aligned series into one. */
export function total(series: readonly { values: readonly number[] }[]): number[] {
  const out: number[] = [];
  for (const s of series) s.values.forEach((v, i) => (out[i] = (out[i] ?? 0) + v));
  return out;
}
