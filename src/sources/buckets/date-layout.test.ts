import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayMarker, HIVE_DAYS, PADDED_DAYS, UNPADDED_DAYS } from './date-layout.ts';
import { hiveAccountFolders, hiveRegionFolders } from './aws-logs.ts';

test('day folders and the day of a key in each layout', () => {
  const p = 'AWSLogs/1/x/us-east-1/';
  assert.equal(PADDED_DAYS.folder('2024-03-05'), '2024/03/05/');
  assert.equal(HIVE_DAYS.folder('2024-03-05'), 'year=2024/month=03/day=05/');
  assert.equal(UNPADDED_DAYS.folder('2024-03-05'), '2024/3/5/');
  assert.equal(UNPADDED_DAYS.folder('2024-10-10'), '2024/10/10/');
  assert.equal(PADDED_DAYS.dayOf(p, `${p}2024/03/05/10/f.log.gz`), '2024-03-05');
  assert.equal(HIVE_DAYS.dayOf(p, `${p}year=2024/month=03/day=05/hour=10/f.log.gz`), '2024-03-05');
  assert.equal(UNPADDED_DAYS.dayOf(p, `${p}2024/3/5/ConfigHistory/f.json.gz`), '2024-03-05');
  assert.equal(UNPADDED_DAYS.dayOf(p, `${p}2024/12/31/ConfigHistory/f.json.gz`), '2024-12-31');
  assert.equal(UNPADDED_DAYS.dayOf(p, `${p}2024/13/1/f`), undefined);
  assert.equal(PADDED_DAYS.dayOf(p, `other/2024/03/05/f`), undefined);
  assert.equal(HIVE_DAYS.dayOf(p, `${p}2024/03/05/f`), undefined);
});

test('markers of sorted layouts sort between the day before and the day', () => {
  const p = 'AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=us-east-1/';
  const marker = dayMarker(p, '2024-03-05', HIVE_DAYS);
  assert.equal(marker, `${p}year=2024/month=03/day=05`);
  assert.ok(`${p}year=2024/month=03/day=04/hour=23/f` < marker);
  assert.ok(`${p}year=2024/month=03/day=05/hour=00/f` > marker);
  assert.equal(PADDED_DAYS.sorted && HIVE_DAYS.sorted && !UNPADDED_DAYS.sorted, true);
});

test('Hive account and region folders', () => {
  const base = 'logs/AWSLogs/';
  assert.deepEqual(hiveAccountFolders(base, [`${base}aws-account-id=123456789012/`, `${base}123456789012/`, `${base}aws-account-id=12/`]), ['123456789012']);
  const svc = `${base}aws-account-id=123456789012/aws-service=vpcflowlogs/`;
  assert.deepEqual(hiveRegionFolders(svc, [`${svc}aws-region=us-east-1/`, `${svc}aws-region=us-gov-west-1/`, `${svc}region=x/`]), ['us-east-1', 'us-gov-west-1']);
});
