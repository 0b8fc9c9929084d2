import type { BucketConfig, ServiceConfig, SubscriberConfig, WodleConfig } from './types.ts';
import { compact, Section, type Collector } from './section.ts';
import { buildBucket, buildLegacyBucket } from './bucket.ts';
import { buildService } from './service.ts';
import { buildSubscriber } from './subscriber.ts';
import { parseDay, parseInterval, parseTime, parseWday, parseYesNo, SECONDS } from './validators.ts';
import type { XmlElement } from './xml.ts';

const WODLE_OPTIONS = [
  'disabled', 'interval', 'run_on_start', 'skip_on_error', 'day', 'wday', 'time',
  // Legacy form only: they belong to a top-level <bucket>NAME</bucket>.
  'access_key', 'secret_key', 'remove_from_bucket',
];
const LEGACY_OPTIONS = ['access_key', 'secret_key', 'remove_from_bucket'];

// Wazuh's code defaults to 5 s (WM_AWS_DEFAULT_INTERVAL) but its documentation says 10m; a 5 s
// loop over S3 listings is never what a user wants, so awsmon follows the documentation.
const DEFAULT_INTERVAL = 10 * SECONDS.m;

/** Builds one `<wodle name="aws-s3">` block; `index` is its 1-based position among aws-s3 blocks. */
export function buildWodle(out: Collector, index: number, el: XmlElement): WodleConfig {
  const sec = new Section(out, `wodle #${index} (aws-s3)`, el, WODLE_OPTIONS, ['bucket', 'service', 'subscriber']);
  const buckets: BucketConfig[] = [];
  const services: ServiceConfig[] = [];
  const subscribers: SubscriberConfig[] = [];
  const counts = { bucket: 0, service: 0, subscriber: 0 };
  let legacy = 0;
  for (const child of el.children) {
    if (child.name === 'bucket') {
      const n = ++counts.bucket;
      if (child.attrs.type === undefined && child.children.length === 0) {
        if (++legacy > 1) {
          out.problems.push(`${sec.label}, bucket #${n}: a second typeless <bucket>NAME</bucket> (expected at most one; use <bucket type="cloudtrail"> for more)`);
        } else {
          buckets.push(buildLegacyBucket(out, sec, n, child));
        }
      } else {
        const bucket = buildBucket(out, sec.label, n, child);
        if (bucket) buckets.push(bucket);
      }
    } else if (child.name === 'service') {
      const service = buildService(out, sec.label, ++counts.service, child);
      if (service) services.push(service);
    } else if (child.name === 'subscriber') {
      const subscriber = buildSubscriber(out, sec.label, ++counts.subscriber, child);
      if (subscriber) subscribers.push(subscriber);
    }
  }
  if (legacy === 0) {
    for (const name of LEGACY_OPTIONS.filter((o) => sec.has(o))) {
      sec.problem(`<${name}> directly in the wodle only applies to a typeless <bucket>NAME</bucket> (expected it inside <bucket type="...">)`);
    }
  }
  if (counts.bucket + counts.service + counts.subscriber === 0) {
    sec.problem('it has no <bucket>, <service> or <subscriber> (expected at least one)');
  }
  return compact<WodleConfig>({
    index,
    disabled: sec.read('disabled', parseYesNo) ?? false,
    ...readSchedule(sec),
    runOnStart: sec.read('run_on_start', parseYesNo) ?? true,
    skipOnError: sec.read('skip_on_error', parseYesNo) ?? false,
    buckets,
    services,
    subscribers,
  });
}

/**
 * Reads `interval`, `day`, `wday` and `time` as Wazuh's shared scheduler does: `day` needs an
 * interval in whole months (default 1M), `wday` in whole weeks (default 1w), `time` in whole days
 * (default 1d), and `day` and `wday` exclude each other.
 */
function readSchedule(sec: Section): Pick<WodleConfig, 'interval' | 'day' | 'wday' | 'time'> {
  const day = sec.read('day', parseDay);
  const wday = sec.read('wday', parseWday);
  const time = sec.read('time', parseTime);
  if (sec.has('day') && sec.has('wday')) sec.problem('<day> and <wday> are both set (expected at most one of them)');
  const [unit, unitName, needer] = sec.has('day') ? [SECONDS.M, 'month', 'day']
    : sec.has('wday') ? [SECONDS.w, 'week', 'wday']
      : sec.has('time') ? [SECONDS.d, 'day', 'time'] : [undefined, '', ''];
  let interval = sec.read('interval', parseInterval);
  const given = sec.raw('interval');
  if (interval !== undefined && given !== undefined && unit !== undefined && interval % unit !== 0) {
    sec.invalid('interval', given, `is not a whole number of ${unitName}s, which <${needer}> needs`, `e.g. 1${unitName === 'month' ? 'M' : unitName[0]!}`);
    interval = undefined;
  }
  return { interval: interval ?? unit ?? DEFAULT_INTERVAL, day, wday, time };
}
