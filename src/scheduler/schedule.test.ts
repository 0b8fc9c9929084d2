import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRunAt } from './schedule.ts';

const now = new Date(2026, 10, 22, 10, 30, 0); // local time, a Sunday

test('run_on_start runs at once; otherwise after one interval', () => {
  assert.equal(firstRunAt({ interval: 600, runOnStart: true }, now).getTime(), now.getTime());
  assert.equal(firstRunAt({ interval: 600, runOnStart: false }, now).getTime(), now.getTime() + 600_000);
});

test('time pins the first run to the next HH:MM; wday and day to the next matching day', () => {
  assert.deepEqual(firstRunAt({ interval: 86400, runOnStart: true, time: '11:00' }, now), new Date(2026, 10, 22, 11, 0));
  assert.deepEqual(firstRunAt({ interval: 86400, runOnStart: true, time: '09:00' }, now), new Date(2026, 10, 23, 9, 0));
  assert.deepEqual(firstRunAt({ interval: 604800, runOnStart: true, time: '08:00', wday: 'wednesday' }, now), new Date(2026, 10, 25, 8, 0));
  assert.deepEqual(firstRunAt({ interval: 2592000, runOnStart: true, time: '00:00', day: 1 }, now), new Date(2026, 11, 1, 0, 0));
});
