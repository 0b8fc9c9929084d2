import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDiscardRegex } from '../config/discard-regex.ts';
import { discardLogMessage, logEvent, logMessageJson } from './cloudwatch-logs.ts';

const ctx = { logGroup: '/aws/lambda/fn', logStream: '2026/01/01/[$LATEST]abc', accountId: '123456789012', region: 'eu-west-1' };

function regex(pattern: string): RegExp {
  const r = compileDiscardRegex(pattern);
  assert.ok(r.ok);
  return r.value;
}

test('the message is the raw text; a JSON object is parsed for fields, anything else is not', () => {
  assert.deepEqual(logMessageJson(' {"a":1}'), { a: 1 });
  for (const text of ['[1,2]', '"s"', '{broken', 'plain', '']) assert.equal(logMessageJson(text), undefined, text);
  const plain = logEvent('REPORT RequestId: 1 Duration: 2.5 ms', 1_700_000_000_123, ctx);
  assert.equal(plain.message, 'REPORT RequestId: 1 Duration: 2.5 ms');
  assert.deepEqual(plain.columns, { time: 1_700_000_000_123, source: 'cloudwatchlogs', account: '123456789012', region: 'eu-west-1', bucket: '/aws/lambda/fn', key: '2026/01/01/[$LATEST]abc' });
});

test('a CloudTrail record delivered to CloudWatch Logs gets its event name, user and source IP as columns', () => {
  const text = JSON.stringify({ eventVersion: '1.09', eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', userName: 'eve' }, sourceIPAddress: '192.0.2.1' });
  const e = logEvent(text, 5, ctx);
  assert.equal(e.message, text);
  assert.deepEqual([e.columns.eventName, e.columns.user, e.columns.srcIp], ['ConsoleLogin', 'eve', '192.0.2.1']);
  // JSON that is not a CloudTrail record keeps those columns empty.
  assert.deepEqual([logEvent('{"eventName":"x"}', 5, ctx).columns.eventName], [undefined]);
});

test('discard_regex: without a field the text must match at its start; with one, the JSON field', () => {
  const text = { pattern: 'DEBUG', regex: regex('DEBUG') };
  assert.equal(discardLogMessage('DEBUG x', undefined, text), true);
  assert.equal(discardLogMessage('x DEBUG', undefined, text), false);
  assert.equal(discardLogMessage('DEBUG x', undefined, undefined), false);
  const field = { field: 'level', pattern: 'debug', regex: regex('debug') };
  assert.equal(discardLogMessage('{"level":"debug"}', { level: 'debug' }, field), true);
  assert.equal(discardLogMessage('{"level":"info"}', { level: 'info' }, field), false);
  assert.equal(discardLogMessage('debug plain text', undefined, field), false);
});
