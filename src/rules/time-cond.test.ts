import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTime, compileWeekday } from './time-cond.ts';

const utc = (h: number, m: number, day = 1) => Date.UTC(2024, 0, day, h, m); // 2024-01-01 is a Monday

test('time ranges: 24-hour and am/pm forms, ranges across midnight, negation (local zone)', () => {
  const tz = process.env['TZ'];
  process.env['TZ'] = 'UTC';
  try {
    const office = compileTime('9:30 am - 6 pm');
    assert.deepEqual([utc(9, 29), utc(9, 30), utc(18, 0), utc(18, 1)].map(office), [false, true, true, false]);
    const night = compileTime('22:00 - 06:00');
    assert.deepEqual([utc(23, 0), utc(3, 0), utc(12, 0)].map(night), [true, true, false]);
    const notNight = compileTime('!22:00 - 06:00');
    assert.deepEqual([utc(23, 0), utc(12, 0)].map(notNight), [false, true]);
    assert.throws(() => compileTime('noon'), /time 'noon' is not a range/);
    assert.throws(() => compileTime('13 pm - 2 pm'), /hour 13 with pm is not 1 to 12/);
  } finally {
    process.env['TZ'] = tz;
  }
});

test('weekdays: names, short names, weekdays/weekends, negation', () => {
  const tz = process.env['TZ'];
  process.env['TZ'] = 'UTC';
  try {
    assert.deepEqual([1, 6, 7].map((d) => compileWeekday('weekends')(utc(12, 0, d))), [false, true, true]);
    assert.deepEqual([1, 2, 3].map((d) => compileWeekday('monday, wed')(utc(12, 0, d))), [true, false, true]);
    assert.deepEqual([1, 6].map((d) => compileWeekday('!weekdays')(utc(12, 0, d))), [false, true]);
    assert.throws(() => compileWeekday('funday'), /'funday' is not a day name/);
  } finally {
    process.env['TZ'] = tz;
  }
});
