import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTimeOf } from './input.ts';

test('event times in AWS ISO form are read as Date.UTC reads them, rollovers and leap days included', () => {
  const dates: string[] = [];
  for (const y of [1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999, 100, 101, 399, 400, 1600, 1969, 1]) {
    for (const [mo, d] of [[1, 1], [2, 28], [2, 29], [2, 30], [2, 31], [3, 1], [4, 31], [6, 30], [12, 31]] as const) {
      dates.push(`${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
  }
  for (const date of dates) {
    for (const time of ['T00:00:00Z', 'T23:59:59Z', 'T12:34:56.7Z', 'T12:34:56.78Z', 'T12:34:56.789Z', 'T12:34:56.789123Z']) {
      const text = `${date}${time}`;
      const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
      const [h, mi, s] = time.slice(1, 9).split(':').map(Number) as [number, number, number];
      const frac = time.length > 10 ? Number(`0.${time.slice(10, -1)}`) : 0;
      const expected = Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(frac * 1000 + 1e-6));
      assert.equal(eventTimeOf({ aws: { eventTime: text } }), expected, text);
      assert.equal(eventTimeOf({ aws: { start: text } }), expected, text);
    }
  }
});

test('the first aws time key that parses wins; OCSF time is epoch ms or seconds; nothing parses → undefined', () => {
  assert.equal(eventTimeOf({ aws: { eventTime: 'soon', start: '2024-01-01T00:00:01Z', updatedAt: '2024-01-01T00:00:02Z' } }), Date.UTC(2024, 0, 1, 0, 0, 1));
  assert.equal(eventTimeOf({ aws: { createdAt: '2024-01-01T00:00:03Z' } }), Date.UTC(2024, 0, 1, 0, 0, 3));
  assert.equal(eventTimeOf({ aws: { eventTime: '2024-01-01 00:00:04+00:00' } }), Date.UTC(2024, 0, 1, 0, 0, 4));
  assert.equal(eventTimeOf({ time: 1704067205000 }), 1704067205000);
  assert.equal(eventTimeOf({ time: 1704067206 }), 1704067206000);
  assert.equal(eventTimeOf({ aws: { eventTime: '2024-13-01T00:00:00Z' } }), undefined);
  assert.equal(eventTimeOf({ aws: {} }), undefined);
  assert.equal(eventTimeOf('text'), undefined);
});
