import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVpcFlowEventBuilder, pythonJsonDumps } from '../events/index.ts';
import { createEngineInput } from './input.ts';
import { loadRuleEngine, shippedRuleset } from './load.ts';
import { createDetectionStage } from './stage.ts';

const FIELDS = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'.split(' ').map((f) => f.replace(/-/g, '_'));
const CTX = { bucket: 'flows', key: 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/06/01/x.log.gz', accountAlias: '', accountId: '111122223333', region: 'us-east-1', flowLogId: 'fl-0abc' };

test('correlation keeps a flow as its line: previous_output is the full logs of the counted flows, as their messages give them', async () => {
  const build = createVpcFlowEventBuilder(FIELDS, CTX);
  // 15 rejected connections from one address to distinct ports within a minute: the port scan rule (80600).
  const events = Array.from({ length: 15 }, (_, i) => {
    const line = `2 111122223333 eni-0a1b 198.51.100.23 10.0.1.10 40000 ${1000 + i} 6 1 40 ${1717200000 + 4 * i} ${1717200004 + 4 * i} REJECT OK`;
    return build(line.split(' '), line);
  });
  const stage = createDetectionStage(await loadRuleEngine(shippedRuleset()));
  for (const e of events) await stage.process([e]);
  const alert = events[14]!.alerts?.find((a) => a.rule.id === '80600');
  assert.ok(alert, 'the port scan alert');
  const expected = events.slice(3, 14).reverse().map((e) => pythonJsonDumps(e.message));
  assert.equal((alert as unknown as Record<string, unknown>)['previous_output'], expected.join('\n'));
});

test('compact(): an input with a source keeps the text and rebuilds the same message and full log', () => {
  const message = { integration: 'aws', aws: { srcaddr: '10.0.0.1', bytes: '5', source: 'vpc' } };
  const raw = '10.0.0.1 5';
  const input = createEngineInput(message, 1000, undefined, { raw, rebuild: (r) => ({ integration: 'aws', aws: { srcaddr: r.split(' ')[0], bytes: r.split(' ')[1], source: 'vpc' } }) });
  const kept = input.compact!();
  assert.notEqual(kept, input);
  assert.equal(kept.time, 1000);
  assert.deepEqual(kept.message, message);
  assert.equal(kept.fullLog(), input.fullLog());
  // Without a source, an input whose full log was made keeps that text; otherwise itself.
  const plain = createEngineInput(message, 1000);
  assert.equal(plain.compact!(), plain);
  plain.fullLog();
  assert.equal(plain.compact!().fullLog(), pythonJsonDumps(message));
  assert.notEqual(plain.compact!(), plain);
});
