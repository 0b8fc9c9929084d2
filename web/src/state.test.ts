import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addFilter, apiFilter, formatState, parseState, removeFilter } from './state.ts';

test('the URL state round-trips: view, range, filters, text, level, tab, open record, refresh', () => {
  const search = '?view=vpc&from=2026-11-21T15%3A00%3A00.000Z&to=2026-11-21T18%3A00%3A00.000Z&q=bob&ip=10.0.2.30&ip=198.51.100.77&source=vpc&minLevel=7&tab=alerts&open=a12&refresh=30';
  const state = parseState(search);
  assert.deepEqual(state, {
    view: 'vpc', from: '2026-11-21T15:00:00.000Z', to: '2026-11-21T18:00:00.000Z', rangeSet: true, q: 'bob',
    filters: { source: ['vpc'], ip: ['10.0.2.30', '198.51.100.77'] }, minLevel: 7, tab: 'alerts', open: 'a12', refresh: 30,
  });
  assert.deepEqual(parseState(formatState(state)), state);
});

test('defaults: overview, last 7 days (not written to the URL), unknown values ignored', () => {
  const state = parseState('?view=nope&open=<script>&refresh=7&minLevel=99&user=');
  assert.deepEqual(state, { view: 'overview', from: 'now-7d', to: 'now', rangeSet: false, q: '', filters: {}, minLevel: undefined, tab: 'events', open: undefined, refresh: 0 });
  assert.equal(formatState(state), '?view=overview');
});

test('filters: added once, removed one value at a time', () => {
  const one = addFilter({}, 'ip', '10.0.0.1');
  assert.equal(addFilter(one, 'ip', '10.0.0.1'), one);
  const two = addFilter(one, 'ip', '10.0.0.2');
  assert.deepEqual(removeFilter(two, 'ip', '10.0.0.1'), { ip: ['10.0.0.2'] });
  assert.deepEqual(removeFilter(one, 'ip', '10.0.0.1'), {});
});

test('a view narrows the user filters on its own keys; a contradiction matches nothing', () => {
  const state = parseState('?view=vpc&source=cloudtrail&ip=10.0.0.1');
  assert.deepEqual(apiFilter(state), { from: 'now-7d', to: 'now', q: undefined, minLevel: undefined, source: ['cloudtrail'], ip: ['10.0.0.1'] });
  assert.deepEqual(apiFilter(state, { source: ['vpc'] }).source, ['\u0000none']);
  assert.deepEqual(apiFilter(parseState('?source=vpc&source=cloudtrail'), { source: ['vpc'] }).source, ['vpc']);
});
