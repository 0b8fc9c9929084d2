import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customMessage, listPathsFromDict } from './index.ts';
import type { EventContext } from './index.ts';

const ctx: EventContext = { bucket: 'fh', key: '2024/03/05/10/s-1-2024-03-05-10-00-00-x', accountAlias: '' };

test('list_paths_from_dict: leaves as dotted paths, the last element(s) dropped; 0 drops everything (Wazuh)', () => {
  assert.deepEqual(listPathsFromDict({ a: { b: 'x', c: ['y', 'z'] }, d: 3 }, 1), ['a.b', 'a.c.y', 'd']);
  assert.deepEqual(listPathsFromDict({ a: { b: 1 } }, 0), ['']);
  assert.deepEqual(listPathsFromDict(7, 0), ['']);
  assert.deepEqual(listPathsFromDict({ ok: true, n: null }, 1), ['ok', 'n']);
});

test('Macie Classic alerts: trigger dropped, summary dicts flattened to paths', () => {
  const record = {
    trigger: { rule: 'r' }, 'alert-arn': 'arn:x', tags: ['one'],
    summary: {
      IP: { '198.51.100.3': 4 }, Location: 'plain', Events: { GetObject: { count: 12, ISP: { 'Example ISP': 12 } }, Odd: 'text' },
    },
    source: 'macie',
  };
  assert.equal(
    JSON.stringify(customMessage(record, ctx)),
    '{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"2024/03/05/10/s-1-2024-03-05-10-00-00-x","s3bucket":"fh"},"alert-arn":"arn:x","tags":{"value":"one"},"summary":{"IP":["198.51.100.3"],"Location":"plain","Events":{"GetObject":{"count":[""],"ISP":["Example ISP"]},"Odd":"text"}},"source":"macie"}}',
  );
  assert.deepEqual(record.trigger, { rule: 'r' });
});

test('trigger is kept for other sources; extra fields are appended after Wazuh\'s and never replace them', () => {
  const msg = customMessage({ trigger: 1, region: 'r0', sourceIPAddress: '10.1.2.3', source: 'kms' }, ctx, { region: 'eu-west-1', aws_account_id: '1', skipped: undefined });
  assert.equal(
    JSON.stringify(msg.aws),
    '{"log_info":{"aws_account_alias":"","log_file":"2024/03/05/10/s-1-2024-03-05-10-00-00-x","s3bucket":"fh"},"trigger":1,"region":"r0","sourceIPAddress":"10.1.2.3","source":"kms","source_ip_address":"10.1.2.3","aws_account_id":"1"}',
  );
});
