import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventBatch, WazuhAlert } from '../core/index.ts';
import { openDuckDbStore } from './index.ts';
import { SCHEMA_VERSION } from './schema.ts';
import type { EventStore } from './index.ts';
import { flowBatch } from './event-store.contract.ts';
import { downgradeSchema } from './schema.fixture.ts';
import { tempDirs } from './temp-dirs.fixture.ts';

const tempDir = tempDirs('awsmon-alerts-test-');

const scope = { bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' };

function alert(n: number, ruleId: string, level: number): WazuhAlert {
  return {
    timestamp: `2024-06-01T10:00:0${n % 10}.123+0200`,
    rule: { level, description: `rule ${ruleId} <b>"quoted"</b>`, id: ruleId, firedtimes: n, mail: false, groups: ['amazon', 'aws'], mitre: { id: ['T1046'], tactic: ['Discovery'], technique: ['Network Service Discovery'] } },
    agent: { id: '000', name: 'host' },
    id: `1717228800.${n}`,
    data: { integration: 'aws' },
    location: 'Wazuh-AWS',
  };
}

/** A batch where events 1 and 3 (0-based) carry alerts. */
function batchWithAlerts(from: number, key: string): EventBatch {
  const batch = flowBatch(from, 4, key);
  batch[1]!.alerts = [alert(from + 1, '80402', 4)];
  batch[3]!.alerts = [alert(from + 3, '80600', 10), alert(from + 30, '80601', 12)];
  return batch;
}

async function lines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

async function alertRows(store: EventStore): Promise<Record<string, unknown>[]> {
  return store.query(`SELECT a.seq, a.alert_id, a.event_id, e.src_port, a.ts, a.event_ts = e.ts AS same_time, a.rule_id, a.level,
    a.description, a.groups, a.mitre_ids FROM alerts a JOIN events e ON e.id = a.event_id ORDER BY a.seq`);
}

test('alerts are stored linked to their event and written to alerts.json, once, with the object', async () => {
  const dir = await tempDir();
  const alertsFile = join(dir, 'alerts', 'alerts.json');
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), alertsFile });
  const tx = await store.beginObject(scope, { key: 'a' });
  await tx.write(batchWithAlerts(0, 'a'));
  await tx.commit();
  const aborted = await store.beginObject(scope, { key: 'b' });
  await aborted.write(batchWithAlerts(10, 'b'));
  await aborted.abort();
  const rows = await alertRows(store);
  assert.deepEqual(rows.map((r) => [r.seq, r.alert_id, r.event_id, r.rule_id, r.level, r.same_time, r.groups, r.mitre_ids]), [
    [1, '1717228800.1', 2, '80402', 4, true, ['amazon', 'aws'], ['T1046']],
    [2, '1717228800.3', 4, '80600', 10, true, ['amazon', 'aws'], ['T1046']],
    [3, '1717228800.30', 4, '80601', 12, true, ['amazon', 'aws'], ['T1046']],
  ]);
  // The alert's own timestamp (+0200) is stored in UTC.
  assert.equal(rows[0]!.ts, '2024-06-01T08:00:01.123Z');
  assert.equal(rows[0]!.description, 'rule 80402 <b>"quoted"</b>');
  assert.deepEqual(await lines(alertsFile), [alert(1, '80402', 4), alert(3, '80600', 10), alert(30, '80601', 12)].map((a) => JSON.stringify(a)));
  await store.close();
});

test('a reparse replaces the object\'s alerts in the table', async () => {
  const dir = await tempDir();
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), alertsFile: join(dir, 'alerts.json') });
  for (const replace of [false, true]) {
    const tx = await store.beginObject(scope, { key: 'a' }, { replace });
    await tx.write(batchWithAlerts(0, 'a'));
    await tx.commit();
  }
  const rows = await alertRows(store);
  assert.deepEqual(rows.map((r) => [r.rule_id, r.event_id]), [['80402', 6], ['80600', 8], ['80601', 8]]);
  await store.close();
});

test('on open, alerts.json lines past the last committed group are cut off', async () => {
  const dir = await tempDir();
  const path = join(dir, 'awsmon.duckdb');
  const alertsFile = join(dir, 'alerts', 'alerts.json');
  let store = await openDuckDbStore({ path, alertsFile });
  let tx = await store.beginObject(scope, { key: 'a' });
  await tx.write(batchWithAlerts(0, 'a'));
  await tx.commit();
  await store.close();
  const committed = (await stat(alertsFile)).size;
  await appendFile(alertsFile, '{"timestamp":"partial');
  store = await openDuckDbStore({ path, alertsFile });
  assert.equal((await stat(alertsFile)).size, committed);
  tx = await store.beginObject(scope, { key: 'b' });
  await tx.write(batchWithAlerts(10, 'b'));
  await tx.commit();
  assert.equal((await lines(alertsFile)).length, 6);
  assert.deepEqual((await alertRows(store)).map((r) => r.seq), [1, 2, 3, 4, 5, 6]);
  await store.close();
});

test('a schema 2 database gains the alerts table on open', async () => {
  const dir = await tempDir();
  const path = join(dir, 'awsmon.duckdb');
  let store = await openDuckDbStore({ path });
  await store.close();
  // Turn it back into schema 2: no alerts table.
  await downgradeSchema(path, 2, ['DROP TABLE alerts']);
  store = await openDuckDbStore({ path });
  assert.deepEqual(await store.query(`SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: String(SCHEMA_VERSION) }]);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM alerts'), [{ n: 0 }]);
  await store.close();
});

test('a schema 3 database gains the alerts\' tactics, read from the stored alert bodies', async () => {
  const dir = await tempDir();
  const path = join(dir, 'awsmon.duckdb');
  let store = await openDuckDbStore({ path });
  const tx = await store.beginObject(scope, { key: 'a' });
  await tx.write(batchWithAlerts(0, 'a'));
  await tx.commit();
  const written = await store.query('SELECT seq, mitre_tactics FROM alerts ORDER BY seq');
  assert.ok(written.length > 0);
  assert.deepEqual(written.map((r) => r.mitre_tactics), written.map(() => ['Discovery']));
  await store.close();
  // Back to schema 3: no tactics column.
  await downgradeSchema(path, 3, ['ALTER TABLE alerts DROP COLUMN mitre_tactics']);
  store = await openDuckDbStore({ path });
  assert.deepEqual(await store.query(`SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: String(SCHEMA_VERSION) }]);
  assert.deepEqual(await store.query('SELECT seq, mitre_tactics FROM alerts ORDER BY seq'), written);
  await store.close();
});
