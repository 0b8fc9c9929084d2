import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WazuhAlert } from '../core/index.ts';
import { autoInterval, createDuckDbSearch, openDuckDbStore } from './index.ts';
import { flowEvent } from './event-store.contract.ts';
import type { EventSearch } from './index.ts';
import { fixture, T0 } from './search.fixture.ts';

test('events: filters (any IP, ports, action, bucket, alert rule), free text, newest first, keyset pages', async () => {
  const { store, search } = await fixture();
  try {
    const ids = async (f: Parameters<EventSearch['searchEvents']>[0]): Promise<number[]> => (await search.searchEvents(f, { limit: 100 })).items.map((e) => e.id);
    // Flow ids 1..10 (n = id-1), CloudTrail ids 11..13.
    assert.deepEqual(await ids({}), [10, 9, 8, 7, 6, 5, 13, 4, 12, 3, 11, 2, 1]);
    assert.deepEqual(await ids({ ip: ['10.0.0.1'] }), [12, 2]);
    assert.deepEqual(await ids({ action: ['REJECT'], bucket: ['flows'], srcPort: [1003, 1005, 1006] }), [6, 4]);
    assert.deepEqual(await ids({ port: [1009] }), [10]);
    assert.deepEqual(await ids({ ruleId: ['80250'] }), [13]);
    assert.deepEqual(await ids({ minLevel: 10 }), [10, 13]);
    assert.deepEqual(await ids({ mitre: ['T1078'] }), [11]);
    assert.deepEqual(await ids({ text: 'createv' }), [13]);
    // LIKE wildcards in the text are literal.
    assert.deepEqual(await ids({ text: 'Create_' }), []);
    assert.deepEqual(await ids({ from: T0 + 2000, to: T0 + 4000, source: ['cloudtrail', 'vpc'] }), [13, 4, 12, 3]);
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await search.searchEvents({ source: ['vpc'] }, { limit: 4, order: 'asc', cursor });
      pages.push(page.items.map((e) => e.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    assert.deepEqual(pages, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]);
    await assert.rejects(search.searchEvents({}, { limit: 1, cursor: 'bogus' }), { code: 'STORE_BAD_QUERY' });
  } finally {
    await store.close();
  }
});

test('either-side filters (IP, port): each row once, pages across both sides, in every query kind', async () => {
  const { store, search } = await fixture();
  try {
    // 10.0.0.1 is the source of flow 2 and of CloudTrail event 12; 172.31.5.9 the destination of every flow (2 matches both).
    const both = { ip: ['10.0.0.1', '172.31.5.9'] };
    const all = [10, 9, 8, 7, 6, 5, 4, 12, 3, 2, 1];
    assert.deepEqual((await search.searchEvents(both, { limit: 100 })).items.map((e) => e.id), all);
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await search.searchEvents(both, { limit: 3, cursor });
      pages.push(page.items.map((e) => e.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    assert.deepEqual(pages, [[10, 9, 8], [7, 6, 5], [4, 12, 3], [2, 1]]);
    assert.deepEqual((await search.searchEvents({ ip: ['10.0.0.1'], port: [443] }, { limit: 100 })).items.map((e) => e.id), [2]);
    assert.deepEqual((await search.searchEvents({ ip: ['172.31.5.9'], port: [1001, 443], action: ['REJECT'] }, { limit: 100 })).items.map((e) => e.id), [10, 8, 6, 4, 2]);
    const stats = await search.aggregate('events', both, { kind: 'stats', distinct: ['source'] });
    assert.deepEqual([stats.kind === 'stats' && stats.count, stats.kind === 'stats' && stats.distinct.source], [11, 2]);
    assert.deepEqual(await search.aggregate('events', { ...both, port: [443, 1002] }, { kind: 'terms', field: 'srcIp', size: 2 }), {
      kind: 'terms', field: 'srcIp', buckets: [{ key: '10.0.0.0', value: 1 }, { key: '10.0.0.1', value: 1 }], other: 8,
    });
    const histogram = await search.aggregate('events', { ...both, from: T0, to: T0 + 10_000 }, { kind: 'histogram', interval: 5000 });
    assert.deepEqual(histogram.kind === 'histogram' && histogram.series, [{ name: 'all', values: [6, 5] }]);
    assert.deepEqual((await search.searchAlerts({ ip: ['10.0.0.9', '198.51.100.77'] }, { limit: 10 })).items.map((a) => a.ruleId), ['80600', '80253']);
    assert.deepEqual((await search.searchAlerts({ ip: ['10.0.0.9'], text: 'rule 806' }, { limit: 10 })).items.map((a) => a.ruleId), ['80600']);
  } finally {
    await store.close();
  }
});

test('keyset pages: events without a time come last newest-first and first oldest-first, none lost or repeated', async () => {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    const tx = await store.beginObject({ bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' }, { key: 'k' });
    // ids 1..7; 2, 4 and 5 have no usable time; 6 and 7 share one second.
    const times = [T0, Number.NaN, T0 + 1000, Number.NaN, Number.NaN, T0 + 2000, T0 + 2000];
    await tx.write(times.map((time, n) => { const e = flowEvent(n); e.columns.time = time; return e; }));
    await tx.commit();
    const search = createDuckDbSearch(store);
    const walk = async (order: 'asc' | 'desc', filter = {}): Promise<number[][]> => {
      const pages: number[][] = [];
      let cursor: string | undefined;
      do {
        const page = await search.searchEvents(filter, { limit: 2, order, cursor });
        pages.push(page.items.map((e) => e.id));
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      return pages;
    };
    assert.deepEqual(await walk('desc'), [[7, 6], [3, 1], [5, 4], [2]]);
    assert.deepEqual(await walk('asc'), [[2, 4], [5, 1], [3, 6], [7]]);
    assert.deepEqual(await walk('desc', { from: T0, to: T0 + 3000 }), [[7, 6], [3, 1]]);
    assert.deepEqual(await walk('desc', { ip: ['10.0.0.1', '10.0.0.6', '10.0.0.0'] }), [[7, 1], [2]]);
  } finally {
    await store.close();
  }
});

test('alerts: listing with event columns, filters by level, group and technique', async () => {
  const { store, search } = await fixture();
  try {
    const page = await search.searchAlerts({ minLevel: 3 }, { limit: 10 });
    assert.deepEqual(page.items.map((a) => [a.ruleId, a.level, a.eventId, a.source, a.srcIp ?? a.user]), [
      ['80600', 10, 10, 'vpc', '10.0.0.9'], ['80700', 12, 13, 'cloudtrail', '203.0.113.5'], ['80250', 5, 13, 'cloudtrail', '203.0.113.5'],
      ['80253', 3, 11, 'cloudtrail', '198.51.100.77'],
    ]);
    assert.equal(page.items[1]!.time, '2024-06-01T00:00:03.000Z');
    assert.deepEqual((await search.searchAlerts({ group: ['portscan', 'authentication_success'] }, { limit: 10 })).items.map((a) => a.ruleId), ['80600', '80253']);
    assert.deepEqual((await search.searchAlerts({ mitre: ['T1098'], text: 'rule 807' }, { limit: 10 })).items.map((a) => a.ruleId), ['80700']);
    // Tactics: a filter, a term, a distinct count, and the row's list.
    assert.deepEqual((await search.searchAlerts({ tactic: ['Defense Evasion'] }, { limit: 10 })).items.map((a) => [a.ruleId, a.tactics]), [
      ['80700', ['Defense Evasion', 'Persistence']], ['80253', ['Defense Evasion', 'Initial Access']],
    ]);
    assert.deepEqual(await search.aggregate('alerts', {}, { kind: 'terms', field: 'tactic', size: 2 }), {
      kind: 'terms', field: 'tactic', buckets: [{ key: 'Defense Evasion', value: 2 }, { key: 'Discovery', value: 1 }], other: 2,
    });
    const tactics = await search.aggregate('alerts', {}, { kind: 'stats', distinct: ['tactic'] });
    assert.deepEqual(tactics.kind === 'stats' && tactics.distinct, { tactic: 4 });
    assert.deepEqual((await search.searchEvents({ tactic: ['Discovery'] }, { limit: 10 })).items.map((e) => e.id), [10]);
    assert.equal(await search.lastAlertSeq(), 5);
    assert.deepEqual((await search.searchAlerts({ afterSeq: 3 }, { limit: 10 })).items.map((a) => a.seq), [5, 4]);
  } finally {
    await store.close();
  }
});

test('aggregations: terms with other, sums, distinct counts, histogram with split and empty buckets', async () => {
  const { store, search } = await fixture();
  try {
    assert.deepEqual(await search.aggregate('events', {}, { kind: 'terms', field: 'source', size: 1 }), {
      kind: 'terms', field: 'source', buckets: [{ key: 'vpc', value: 10 }], other: 3,
    });
    assert.deepEqual(await search.aggregate('events', { source: ['vpc'] }, { kind: 'terms', field: 'srcIp', size: 2, metric: 'bytes' }), {
      kind: 'terms', field: 'srcIp', buckets: [{ key: '10.0.0.9', value: 900 }, { key: '10.0.0.8', value: 800 }], other: 2800,
    });
    assert.deepEqual(await search.aggregate('alerts', {}, { kind: 'terms', field: 'group', size: 2 }), {
      kind: 'terms', field: 'group', buckets: [{ key: 'amazon', value: 5 }, { key: 'amazon-error', value: 1 }], other: 3,
    });
    assert.deepEqual(await search.aggregate('events', {}, { kind: 'stats', distinct: ['srcIp', 'pair', 'eventName'] }), {
      kind: 'stats', count: 13, bytes: 4500, packets: 45, distinct: { srcIp: 12, pair: 10, eventName: 3 },
    });
    assert.deepEqual(await search.aggregate('alerts', {}, { kind: 'stats', distinct: ['mitre', 'ruleId'] }), {
      kind: 'stats', count: 5, bytes: 900 + 300, packets: 12, distinct: { mitre: 4, ruleId: 5 },
    });
    assert.deepEqual(await search.aggregate('events', { from: T0, to: T0 + 6000 }, { kind: 'histogram', interval: 2000, split: 'source', splitSize: 1 }), {
      kind: 'histogram', interval: 2000, times: [T0, T0 + 2000, T0 + 4000],
      series: [{ name: 'vpc', values: [2, 2, 2] }, { name: 'other', values: [1, 2, 0] }],
    });
    // Buckets are grouped in full in one scan (few values); addresses take their top values first.
    const byBucket = async (splitSize: number): Promise<unknown> => {
      const h = await search.aggregate('events', { from: T0, to: T0 + 6000 }, { kind: 'histogram', interval: 2000, split: 'bucket', splitSize });
      return h.kind === 'histogram' && h.series;
    };
    assert.deepEqual(await byBucket(1), [{ name: 'flows', values: [2, 2, 2] }, { name: 'other', values: [1, 2, 0] }]);
    assert.deepEqual(await byBucket(2), [{ name: 'flows', values: [2, 2, 2] }, { name: 'trail', values: [1, 2, 0] }]);
    const bySource = await search.aggregate('events', { from: T0, to: T0 + 6000 }, { kind: 'histogram', interval: 2000, split: 'srcIp', splitSize: 1, metric: 'bytes' });
    assert.deepEqual(bySource.kind === 'histogram' && bySource.series, [{ name: '10.0.0.5', values: [0, 0, 500] }, { name: 'other', values: [100, 500, 400] }]);
    const auto = await search.aggregate('events', { source: ['vpc'] }, { kind: 'histogram', buckets: 5, metric: 'bytes' });
    assert.deepEqual(auto, { kind: 'histogram', interval: 5000, times: [T0, T0 + 5000], series: [{ name: 'all', values: [1000, 3500] }] });
    await assert.rejects(search.aggregate('events', {}, { kind: 'terms', field: 'ruleId' }), { code: 'STORE_BAD_QUERY' });
  } finally {
    await store.close();
  }
});

test('one event with its message and alerts; one alert with its JSON; unknown ids', async () => {
  const { store, search } = await fixture();
  try {
    const got = await search.getEvent(13);
    assert.equal(got?.event.eventName, 'CreateVpc');
    assert.deepEqual((got?.message as { aws: { userIdentity: unknown } }).aws.userIdentity, { userName: 'bob' });
    assert.deepEqual(got?.alerts.map((a) => a.ruleId), ['80250', '80700']);
    const one = await search.getAlert(got?.alerts[1]?.seq ?? 0);
    assert.deepEqual((one?.json as WazuhAlert).rule.mitre, { id: ['T1078.004', 'T1098'], tactic: ['Defense Evasion', 'Persistence'] });
    assert.equal(await search.getEvent(99), undefined);
    assert.equal(await search.getAlert(99), undefined);
  } finally {
    await store.close();
  }
});

test('auto interval: the smallest nice width giving at most the wanted buckets', () => {
  assert.equal(autoInterval(24 * 3600_000, 80), 1800_000);
  assert.equal(autoInterval(60_000, 80), 1000);
  assert.equal(autoInterval(365 * 86400_000, 80), 7 * 86400_000);
});
