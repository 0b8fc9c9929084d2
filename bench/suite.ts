/** The benchmarks of `npm run bench`: names, data sets and targets (DESIGN.md, performance targets). */
import type { DatasetSpec } from './datasets.ts';
import type { Target } from './measure.ts';

/** Every benchmark, in the order the suite runs them. */
export const BENCHMARKS = ['cloudtrail-e2e', 'vpcflow-e2e', 'vpcflow-1gb-object', 'parsers', 'store'] as const;
/** A benchmark's name. */
export type BenchmarkName = (typeof BENCHMARKS)[number];

const GIB = 1024 ** 3;

/** The data set a benchmark reads from S3, at `scale` (1 = the sizes the brief asks for). */
export function datasetFor(name: BenchmarkName, scale: number): DatasetSpec | undefined {
  switch (name) {
    case 'cloudtrail-e2e': return { kind: 'cloudtrail', size: Math.round(200_000 * scale), perObject: [100, 500] };
    case 'vpcflow-e2e': return { kind: 'vpcflow', size: Math.round(2_000_000 * scale), perObject: [50_000, 100_000] };
    case 'vpcflow-1gb-object': return { kind: 'vpcflow-one-object', size: Math.round(GIB * scale), perObject: [0, 0] };
    default: return undefined;
  }
}

/** The target a benchmark's row is judged against. */
export function targetFor(name: BenchmarkName): Target | undefined {
  switch (name) {
    case 'cloudtrail-e2e': return { metric: 'records/s', min: 50_000 };
    case 'vpcflow-e2e': return { metric: 'records/s', min: 300_000 };
    case 'vpcflow-1gb-object': return { metric: 'peak RSS MB', max: 300 };
    default: return undefined;
  }
}

/** Events written per case by the store benchmark (bench/store.ts), at `scale`. */
export function storeEvents(scale: number): { vpc: number; trail: number } {
  return { vpc: Math.max(100_000, Math.round(400_000 * scale)), trail: Math.max(100_000, Math.round(100_000 * scale)) };
}
