import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPeaks, total } from './peaks.ts';

test('peaks are the buckets above mean + 3 standard deviations', () => {
  const values = [...Array<number>(30).fill(10), 500, 12, 9, 480, ...Array<number>(10).fill(11)];
  const { threshold, peaks } = findPeaks(values);
  assert.deepEqual(peaks, [30, 33]);
  assert.ok(threshold > 12 && threshold < 480);
});

test('flat and short series have no peaks; k changes the threshold', () => {
  assert.deepEqual(findPeaks([5, 5, 5, 5]).peaks, []);
  assert.deepEqual(findPeaks([1, 100]).peaks, []);
  assert.deepEqual(findPeaks([1, 1, 1, 1, 2, 1, 1, 1], 2).peaks, [4]);
});

test('total sums aligned series', () => {
  assert.deepEqual(total([{ values: [1, 2, 3] }, { values: [10, 0, 5] }]), [11, 2, 8]);
});
