/**
 * The demo bucket (`npm start` without configuration) through the shipped ruleset: every planted
 * incident raises its alert, and nothing else does (the ~56,000 accepted flows and the background
 * CloudTrail calls stay events). The objects are read here with the events stage's builders; the
 * collection pipeline itself is tested elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateDemoBucket } from '../../src/demo/index.ts';
import { cloudTrailMessage, createVpcFlowEventBuilder } from '../../src/events/index.ts';
import { toSnakeCase } from '../../src/formats/index.ts';
import { createEngineInput, loadRuleEngine, shippedRuleset } from '../../src/rules/index.ts';

interface Timed {
  message: unknown;
  time: number;
}

async function demoEvents(root: string): Promise<Timed[]> {
  const events: Timed[] = [];
  const keys = (await readdir(root, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(root.length + 1));
  for (const key of keys.sort()) {
    const account = key.split('/')[1]!;
    const ctx = { bucket: 'awsmon-demo-trail', key, accountAlias: '', accountId: account };
    const body = gunzipSync(await readFile(join(root, key))).toString('utf8');
    if (key.includes('/CloudTrail/')) {
      for (const record of (JSON.parse(body) as { Records: Record<string, unknown>[] }).Records) {
        events.push({ message: cloudTrailMessage(record, ctx), time: Date.parse(record['eventTime'] as string) });
      }
    } else if (key.includes('/vpcflowlogs/')) {
      const [header, ...rows] = body.trimEnd().split('\n');
      const build = createVpcFlowEventBuilder(header!.split(' ').map(toSnakeCase), ctx);
      for (const row of rows) {
        const event = build(row.split(' '));
        events.push({ message: event.message, time: event.columns.time });
      }
    }
  }
  // Collection delivers objects concurrently; event order within the demo's days is what the
  // correlation windows see, so replay in event time.
  return events.sort((a, b) => a.time - b.time);
}

test('the demo raises exactly the alerts of its planted incidents', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-demo-rules-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const demo = await generateDemoBucket(dir, { today: new Date(Date.UTC(2024, 4, 3, 10, 37)) });
  const events = await demoEvents(demo.root);
  assert.equal(events.length, demo.cloudtrailRecords + demo.flowRecords);

  const engine = await loadRuleEngine(shippedRuleset());
  const alerts = new Map<string, number>();
  let acceptedFlows = 0;
  for (const { message } of events) {
    const { rule, alert } = engine.evaluate(createEngineInput(message));
    if (rule?.id === '80401') acceptedFlows++;
    if (alert !== null) alerts.set(rule!.id, (alerts.get(rule!.id) ?? 0) + 1);
  }
  assert.ok(acceptedFlows > 50_000, `${acceptedFlows} accepted flows`);
  assert.deepEqual(Object.fromEntries([...alerts].sort()), {
    80253: 3, // alice (twice) and carol sign in with MFA
    80254: 12, // bob's failed sign-ins, except the two that complete a brute force
    80255: 2, // 14 failures: brute force at the 6th and the 12th
    80521: 1, // root signs in to the dev console
    80524: 1, // bob signs in without MFA right after the failures
    80525: 1, // alice creates svc-backup
    80526: 1, // ... an access key for it
    80528: 1, // ... and makes it an administrator
    80550: 1, // Terraform creates a VPC
    80551: 1, // bob is denied creating one
    80580: 2, // <script> user agent (ListBuckets, CreateTags)
    80600: 1, // port scan of web-1 (later probes within the ignore window report as 80402)
    80601: 1, // the same scan as a burst of rejections
    80602: 1, // SSH from 192.0.2.99 accepted by web-2
    80609: 1, // the build server's repeated large transfers to 203.0.113.200
  });
});
