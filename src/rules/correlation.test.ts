import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, engineOf, finalIds } from './test-helpers.ts';
import { Correlator } from './correlation.ts';
import { compileAccessor } from './fields.ts';
import { createEngineInput } from './input.ts';

const BASE = `<group name="amazon,aws,">
  <rule id="80200" level="0"><decoded_as>json</decoded_as><field name="integration">aws</field><description>AWS</description></rule>
  <rule id="80254" level="5"><if_sid>80200</if_sid><field name="aws.responseElements.ConsoleLogin">Failure</field><group>authentication_failed,</group><description>login failure</description></rule>`;

const fail = (s: number, ip = '1.2.3.4', user = 'bob') => at(s, { sourceIPAddress: ip, userName: user, responseElements: { ConsoleLogin: 'Failure' } });

test('frequency/timeframe: fires on the Nth event within the window (event time), then the count restarts', async () => {
  const engine = await engineOf(`${BASE}
    <rule id="80255" level="10" frequency="3" timeframe="60"><if_matched_sid>80254</if_matched_sid><description>brute force</description></rule>
  </group>`);
  assert.deepEqual(finalIds(engine, [fail(0), fail(10), fail(20), fail(30), fail(40), fail(50), fail(200), fail(300), fail(301)]),
    ['80254', '80254', '80255', '80254', '80254', '80255', '80254', '80254', '80254']);
});

test('same_field keeps separate counts per value; different_field counts only earlier events whose value differs from the current one', async () => {
  const engine = await engineOf(`${BASE}
    <rule id="300" level="10" frequency="3" timeframe="60"><if_matched_sid>80254</if_matched_sid><same_field>aws.sourceIPAddress</same_field><description>same ip</description></rule>
  </group>`);
  assert.deepEqual(finalIds(engine, [fail(0, 'a'), fail(1, 'b'), fail(2, 'a'), fail(3, 'b'), fail(4, 'a'), fail(5, 'b')]),
    ['80254', '80254', '80254', '80254', '300', '300']);
  const diff = await engineOf(`${BASE}
    <rule id="301" level="10" frequency="3" timeframe="60"><if_matched_sid>80254</if_matched_sid><different_field>aws.userName</different_field><description>spray</description></rule>
  </group>`);
  assert.deepEqual(finalIds(diff, [fail(0, 'x', 'u1'), fail(1, 'x', 'u1'), fail(2, 'x', 'u1'), fail(3, 'x', 'u2')]), ['80254', '80254', '80254', '301']);
});

test('if_matched_group counts events whose final rule is in the group; previous_output lists the earlier events, newest first', async () => {
  const engine = await engineOf(`${BASE}
    <rule id="302" level="10" frequency="3" timeframe="60"><if_matched_group>authentication_failed</if_matched_group><description>group burst</description></rule>
  </group>`);
  const evs = [fail(0), fail(1), fail(2)];
  finalIds(engine, evs.slice(0, 2));
  const ev = engine.evaluate(evs[2]!);
  assert.equal(ev.rule?.id, '302');
  assert.equal(ev.alert?.['previous_output'], `${evs[1]!.fullLog()}\n${evs[0]!.fullLog()}`);
  assert.equal((ev.alert?.['rule'] as Record<string, unknown>)['frequency'], 3);
});

test('out of order within the window: any arrival order of a burst fires as often as in order', async () => {
  const xml = `${BASE}
    <rule id="80255" level="10" frequency="6" timeframe="360"><if_matched_sid>80254</if_matched_sid><same_field>aws.sourceIPAddress</same_field><description>brute force</description></rule>
  </group>`;
  // Two bursts of 12 failures (two firings each) an hour apart, from one address, plus noise.
  const times = [...Array.from({ length: 12 }, (_, i) => i * 20), ...Array.from({ length: 12 }, (_, i) => 3600 + i * 20)];
  const events = times.map((t) => fail(t));
  const fires = async (order: number[]) => {
    const engine = await engineOf(xml);
    return order.map((i) => engine.evaluate(events[i]!).rule?.id).filter((id) => id === '80255').length;
  };
  const inOrder = times.map((_, i) => i);
  assert.equal(await fires(inOrder), 4);
  assert.equal(await fires([...inOrder].reverse()), 4);
  // A fixed shuffle (objects read in any order).
  const shuffled = [13, 2, 20, 7, 0, 23, 11, 5, 16, 9, 1, 18, 4, 22, 14, 8, 3, 19, 10, 6, 21, 15, 12, 17];
  assert.equal(await fires(shuffled), 4);
  // Events farther apart than the window never fire.
  const sparse = await engineOf(xml);
  assert.deepEqual(finalIds(sparse, [0, 400, 800, 1200, 1600, 2000].map((t) => fail(t))), Array(6).fill('80254'));
});

test('distinct_field: frequency counts distinct values (port scan: 20 distinct ports from one source in 60 s)', async () => {
  const engine = await engineOf(`<group name="amazon,aws,">
    <rule id="80200" level="0"><decoded_as>json</decoded_as><field name="integration">aws</field><description>AWS</description></rule>
    <rule id="80402" level="2"><if_sid>80200</if_sid><field name="aws.action">REJECT</field><description>reject</description></rule>
    <rule id="80600" level="10" frequency="20" timeframe="60"><if_matched_sid>80402</if_matched_sid><same_field>aws.srcaddr</same_field><distinct_field>aws.dstport</distinct_field><description>port scan from $(aws.srcaddr)</description></rule>
  </group>`);
  const flow = (s: number, port: string, src = '203.0.113.9') => at(s, { srcaddr: src, dstport: port, action: 'REJECT', start: '' });
  // 100 rejects to one port: no scan.
  assert.equal(finalIds(engine, Array.from({ length: 100 }, (_, i) => flow(i * 0.1, '22'))).includes('80600'), false);
  // 19 more distinct ports (20 with port 22) fires on the 19th.
  const ids = finalIds(engine, Array.from({ length: 19 }, (_, i) => flow(10 + i, String(1000 + i))));
  assert.deepEqual(ids.map((id, i) => (id === '80600' ? i : -1)).filter((i) => i >= 0), [18]);
  // Another source's ports do not add up with this one's.
  assert.equal(finalIds(engine, Array.from({ length: 19 }, (_, i) => flow(30 + i, String(2000 + i), '198.51.100.1'))).includes('80600'), false);
  // Ports spread over more than 60 s do not fire.
  const slow = finalIds(engine, Array.from({ length: 25 }, (_, i) => flow(1000 + i * 10, String(3000 + i), '192.0.2.7')));
  assert.equal(slow.includes('80600'), false);
});

test('correlation memory stays bounded: keys are evicted least recently used first, entries per key capped', () => {
  const c = new Correlator({ frequency: 5, timeframeMs: 60_000, same: [compileAccessor('aws.srcaddr', { location: '', hostname: '', agentId: '' })], different: [], distinct: undefined },
    { maxKeys: 1000, maxEntries: 5000, maxRetained: 100 });
  for (let i = 0; i < 100_000; i++) {
    const m = { aws: { srcaddr: `10.0.${(i >> 8) & 255}.${i & 255}` } };
    c.record(m, createEngineInput(m, i));
  }
  // A new key beyond 1000 first evicts the least recently used tenth; the last insertions refilled the map to 1000.
  assert.deepEqual(c.size, { keys: 1000, entries: 1000 });
  const one = { aws: { srcaddr: 'hot' } };
  for (let i = 0; i < 1000; i++) c.record(one, createEngineInput(one, i));
  // The hot key's 1000 events are capped at max(2 x frequency, 16) = 16 (trimmed to 12 when
  // exceeded); adding the key evicted the least recently used 100 keys.
  assert.deepEqual(c.size, { keys: 901, entries: 900 + 15 });
});

test('distinct windows: the one-pass search picks the same entries as trying every window start afresh', async () => {
  const { pickDistinct } = await import('./correlation.ts');
  type E = Parameters<typeof pickDistinct>[0][number];
  // The plain search: each window start scans its window anew.
  const plain = (sorted: E[], t: number, T: number, v: string, need: number): E[] | undefined => {
    if (sorted.length + 1 < need) return undefined;
    let split = sorted.length;
    while (split > 0 && sorted[split - 1]!.t > t) split--;
    for (let start = 0; start <= split; start++) {
      const lo = start < split ? sorted[start]!.t : t;
      let end = start;
      while (end < sorted.length && sorted[end]!.t <= lo + T) end++;
      if (end < split) continue;
      const window = sorted.slice(start, end);
      if (window.length + (window.some((e) => e.v === v) ? 0 : 1) >= need) return window;
      if (end === sorted.length) break;
    }
    return undefined;
  };
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  let found = 0;
  for (let round = 0; round < 5000; round++) {
    const n = rand(20);
    const used = new Set<string>();
    const entries: E[] = [];
    for (let i = 0; i < n; i++) {
      let v = String(rand(40));
      while (used.has(v)) v = `${v}x`;
      used.add(v);
      entries.push({ t: rand(200), diff: undefined, v, input: undefined });
    }
    entries.sort((a, b) => a.t - b.t);
    const args = [entries, rand(220), 1 + rand(80), String(rand(40)), 1 + rand(12)] as const;
    const expected = plain(...args);
    assert.deepEqual(pickDistinct(...args), expected, JSON.stringify(args));
    if (expected !== undefined) found++;
  }
  assert.ok(found > 500 && found < 4500, `windows found in ${found} of 5000 rounds`);
});
