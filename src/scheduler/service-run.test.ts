import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger, SourceError } from '../core/index.ts';
import type { ServiceConfig } from '../config/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import type { EventStore } from '../store/index.ts';
import { serviceRegions, skipRefusedRegion, startOfReading } from './service-run.ts';
import type { ServiceRunContext } from './service-run.ts';

const base: ServiceConfig = { kind: 'service', type: 'cloudwatchlogs', awsAccountAlias: '', removeLogStreams: false, awsLogGroups: ['g'] };

test('regions: the configured ones, else the profile region, else every commercial region', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-regions-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const empty = join(dir, 'empty');
  const config = join(dir, 'config');
  await writeFile(empty, '');
  await writeFile(config, '[profile ops]\nregion = us-gov-west-1\n');
  assert.deepEqual(await serviceRegions({ ...base, regions: ['eu-west-1'], configFile: config, credentialsFile: empty }), { regions: ['eu-west-1'], every: false });
  assert.deepEqual(await serviceRegions({ ...base, awsProfile: 'ops', configFile: config, credentialsFile: empty }), { regions: ['us-gov-west-1'], every: false });
  const all = await serviceRegions({ ...base, configFile: empty, credentialsFile: empty });
  assert.equal(all.every, true);
  assert.equal(all.regions.length, 34);
  assert.ok(all.regions.includes('us-east-1') && all.regions.includes('mx-central-1'));
  assert.ok(!all.regions.some((r) => r.startsWith('us-gov-') || r.startsWith('cn-')));
});

test('only when every region is read by default, a region refusing the credentials is skipped', () => {
  const ctx = { service: base, store: {} as EventStore, pipeline: createPipeline(), logger: createSilentLogger(), skipOnError: false, reparse: false, today: '2026-01-01', now: () => new Date() } satisfies ServiceRunContext;
  const refused = new SourceError('SOURCE_CREDENTIALS', {}, 'InvalidClientTokenId');
  assert.equal(skipRefusedRegion(ctx, true, 'af-south-1', refused), true);
  assert.equal(skipRefusedRegion(ctx, false, 'af-south-1', refused), false);
  assert.equal(skipRefusedRegion(ctx, true, 'af-south-1', new SourceError('SOURCE_THROTTLED', {}, 'slow down')), false);
  assert.equal(startOfReading(base, '2026-01-01'), Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(startOfReading({ ...base, onlyLogsAfter: '2025-12-24' }, '2026-01-01'), Date.parse('2025-12-24T00:00:00Z'));
});
