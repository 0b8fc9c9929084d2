import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WazuhAlert } from '../core/index.ts';
import { autoInterval } from './index.ts';
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
    assert.deepEqual((one?.json as WazuhAlert).rule.mitre, { id: ['T1078.004', 'T1098'] });
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
