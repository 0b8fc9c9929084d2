import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVpcFlowEventBuilder, shouldDiscard } from '../../events/index.ts';
import { flowDiscard } from './vpcflow.ts';

const FIELDS = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status', 'vpc_id', 'flow_direction'];
const ROWS = [
  '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 203.0.113.9 49152 443 6 10 840 1709640000 1709640060 ACCEPT OK vpc-0abc egress',
  '5 123456789012 eni-0a1b2c3d4e5f60719 198.51.100.7 10.0.1.5 51515 22 6 3 180 1709640120 1709640180 REJECT OK vpc-0abc ingress',
  '5 123456789012 - - - - - - - - 1709640000 1709640060 - NODATA - -',
].map((l) => l.split(' '));

test('the discard test of flow rows decides as the record-based test does, for every field', () => {
  const build = createVpcFlowEventBuilder(FIELDS, { bucket: 'b', key: 'k', accountAlias: '', accountId: '123456789012', region: 'us-east-1', flowLogId: 'fl-0abc' });
  const names = [...FIELDS, 'source', 'aws_account_id', 'flow_log_id', 'missing', 'log_info', 'srcaddr.x'];
  const patterns = [/REJECT/, /10\./, /2024-03-05T12:0/, /17096/, /vpc/, /-/, /fl-/, /OK|NODATA/, /5/];
  let discarded = 0;
  let kept = 0;
  for (const field of names) {
    for (const regex of patterns) {
      const rule = { field, regex };
      const test = flowDiscard(FIELDS, rule);
      for (const values of ROWS) {
        const event = build(values, values.join(' '));
        const { log_info: _info, ...record } = event.message['aws'] as Record<string, unknown>;
        const expected = shouldDiscard(record, rule);
        assert.equal(test(values, event), expected, `field ${field}, /${regex.source}/, row ${values.join(' ')}`);
        if (expected) discarded++;
        else kept++;
      }
    }
  }
  // Both outcomes were exercised.
  assert.ok(discarded > 20 && kept > 20, `${discarded} discarded, ${kept} kept`);
});

test('the discard test of a plain header field reads the row, not the message', () => {
  const build = createVpcFlowEventBuilder(FIELDS, { bucket: 'b', key: 'k', accountAlias: '', accountId: '123456789012', region: 'us-east-1' });
  const values = ROWS[1]!;
  const event = build(values, values.join(' '));
  let built = false;
  const watched = new Proxy(event, {
    get: (target, p): unknown => {
      if (p === 'message') built = true;
      return Reflect.get(target, p) as unknown;
    },
  });
  assert.equal(flowDiscard(FIELDS, { field: 'action', regex: /REJECT/ })(values, watched), true);
  assert.equal(built, false);
  assert.equal(flowDiscard(FIELDS, { field: 'start', regex: /2024-03-05/ })(values, watched), true);
  assert.equal(built, true);
});
