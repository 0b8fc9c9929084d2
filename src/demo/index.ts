/**
 * The demo bucket: a local folder laid out exactly like an S3 bucket, holding three days of
 * realistic CloudTrail and VPC flow logs with planted incidents (see README.md). `npm start`
 * without configuration generates it and collects it. The record builders are exported for the
 * test fixtures (test/fixtures), so tests and demo write the same shapes.
 */
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_BUCKET, DEMO_REGIONS, TRAIL_NAME } from './cast.ts';
import type { CloudTrailRecord } from './cloudtrail-records.ts';
import { flowFile } from './flows.ts';
import { DAY, HOUR, isoDay, MINUTE } from './layout.ts';
import { FLOW_LOGS } from './network.ts';
import { scenarioRecords } from './scenarios.ts';
import { digestFile, trailFile, type TrailFile } from './trail-files.ts';
import { gzipDeterministic, writeObjects, type DemoObject } from './writer.ts';

export { apiCallRecord, consoleLoginRecord, userIdentity, type ApiCallSpec, type CloudTrailRecord, type ConsoleLoginSpec } from './cloudtrail-records.ts';
export { CAST, DEMO_ACCOUNTS, DEMO_BUCKET, DEMO_REGIONS, IPS, rootActor, serviceActor, type Actor } from './cast.ts';
export { flowLine, flowLogText, V2_FIELDS, V5_FIELDS, type FlowRow, type FlowValue } from './flow-format.ts';
export { cloudTrailDigestKey, cloudTrailKey, isoSeconds, keyStamp, vpcFlowKey } from './layout.ts';
export { DEV_FLOW_LOG, PROD_FLOW_LOG } from './network.ts';
export { createRng, hash32, Rng } from './prng.ts';
export { trailText } from './trail-files.ts';
export { gzipDeterministic } from './writer.ts';

/** What `generateDemoBucket` wrote. */
export interface DemoBucket {
  /** The folder that plays the bucket (`<dir>/<bucket>`). */
  root: string;
  /** Its name, `awsmon-demo-trail`. */
  bucket: string;
  accounts: string[];
  regions: string[];
  /** First day covered, `YYYY-MM-DD` UTC. */
  firstDay: string;
  objects: number;
  cloudtrailRecords: number;
  flowRecords: number;
}

/** Seed used when none is given. */
export const DEFAULT_SEED = 20240501;
const WINDOW = 5 * MINUTE;
/** How long after its window closes CloudTrail delivers a file, and VPC flow logs. */
const TRAIL_DELAY = 6 * MINUTE;
const FLOW_DELAY = 9 * MINUTE;

/**
 * Writes the demo bucket under `dir` (idempotent: same files, same bytes for the same `today`
 * and seed). Days covered: the 2 days before `today` and `today` itself up to `today`'s current
 * hour (all times UTC); objects are gzip, keys in the real AWS layout.
 */
export function generateDemoBucket(dir: string, options: { today?: Date; seed?: number } = {}): Promise<DemoBucket> {
  // The work is synchronous (see writer.ts); the executor turns a throw into a rejection.
  return new Promise((resolve) => resolve(writeDemoBucket(dir, options)));
}

function writeDemoBucket(dir: string, options: { today?: Date; seed?: number }): DemoBucket {
  const now = (options.today ?? new Date()).getTime();
  const seed = options.seed ?? DEFAULT_SEED;
  const firstDay = Math.floor(now / DAY) * DAY - 2 * DAY;
  const end = Math.floor(now / HOUR) * HOUR;
  const windows: number[] = [];
  for (let w = firstDay; w < end; w += WINDOW) windows.push(w);

  const placed = new Map<string, CloudTrailRecord[]>();
  for (const { account, region, record } of scenarioRecords(seed, firstDay)) {
    const window = Math.floor(Date.parse(record.eventTime) / WINDOW) * WINDOW;
    const slot = `${account}/${region}/${window}`;
    placed.set(slot, [...(placed.get(slot) ?? []), record]);
  }

  const objects: DemoObject[] = [];
  const delivered = (window: number, delay: number): number => Math.min(window + WINDOW + delay, now);
  let cloudtrailRecords = 0;
  for (const account of DEMO_ACCOUNTS) {
    for (const region of DEMO_REGIONS) {
      const files: TrailFile[] = [];
      for (const window of windows) {
        const file = trailFile(seed, account, region, window, WINDOW, placed.get(`${account}/${region}/${window}`) ?? []);
        if (file === undefined) continue;
        files.push(file);
        cloudtrailRecords += file.records;
        objects.push({ key: file.key, body: gzipDeterministic(file.text), lastModified: delivered(window, TRAIL_DELAY) });
      }
      const digest = digestFile(seed, { account, region, trail: TRAIL_NAME, bucket: DEMO_BUCKET, start: firstDay, files });
      objects.push({ key: digest.key, body: gzipDeterministic(digest.text), lastModified: delivered(firstDay + HOUR, 0) });
    }
  }
  let flowRecords = 0;
  for (const log of FLOW_LOGS) {
    for (const window of windows) {
      const file = flowFile(seed, log, window, firstDay);
      flowRecords += file.records;
      objects.push({ key: file.key, body: gzipDeterministic(file.text), lastModified: delivered(window, FLOW_DELAY) });
    }
  }

  const root = join(dir, DEMO_BUCKET);
  writeObjects(root, objects);
  return {
    root, bucket: DEMO_BUCKET, accounts: [...DEMO_ACCOUNTS], regions: [...DEMO_REGIONS], firstDay: isoDay(firstDay),
    objects: objects.length, cloudtrailRecords, flowRecords,
  };
}
