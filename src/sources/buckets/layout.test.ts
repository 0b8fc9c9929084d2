import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountsBase, accountFolders, addDays, dayMarker, dayOfKey, regionFolders, scopePrefix } from './layout.ts';

test('accountsBase composes path, suffix and organization like the Wazuh module', () => {
  assert.equal(accountsBase({ path: '', pathSuffix: '', awsOrganizationId: undefined }), 'AWSLogs/');
  assert.equal(accountsBase({ path: 'logs/', pathSuffix: 'sfx/', awsOrganizationId: 'o-abcdefghij' }), 'logs/AWSLogs/sfx/o-abcdefghij/');
});

test('scope prefixes, markers and the day of a key', () => {
  const prefix = scopePrefix('AWSLogs/', '123456789012', 'CloudTrail', 'us-east-1');
  assert.equal(prefix, 'AWSLogs/123456789012/CloudTrail/us-east-1/');
  assert.equal(dayMarker(prefix, '2024-02-29'), 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/02/29');
  const key = `${prefix}2024/02/29/123456789012_CloudTrail_us-east-1_20240229T0005Z_abc.json.gz`;
  assert.ok(key > dayMarker(prefix, '2024-02-29'));
  assert.ok(key < dayMarker(prefix, '2024-03-01'));
  assert.equal(dayOfKey(prefix, key), '2024-02-29');
  assert.equal(dayOfKey(prefix, `${prefix}junk.txt`), undefined);
  assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  assert.equal(addDays('2024-12-31', 1), '2025-01-01');
});

test('account folders keep only 12-digit names; region folders only region names', () => {
  assert.deepEqual(accountFolders('AWSLogs/', ['AWSLogs/123456789012/', 'AWSLogs/o-abc/', 'AWSLogs/12345/']), ['123456789012']);
  assert.deepEqual(regionFolders(['a/CloudTrail/us-east-1/', 'a/CloudTrail/us-gov-west-1/', 'a/CloudTrail/cn-north-1/', 'a/CloudTrail/tmp/']), ['us-east-1', 'us-gov-west-1', 'cn-north-1']);
});
