import { BUCKET_TYPES, type BucketConfig, type BucketType } from './types.ts';
import { checkType, compact, Section, type Collector } from './section.ts';
import { AUTH_OPTIONS, readAccountOptions, readAuth, readDiscardRegex, readRegions } from './common.ts';
import { checkBucketName, checkOrganizationId, parsePath, parsePathSuffix, parseYesNo } from './validators.ts';
import type { XmlElement } from './xml.ts';

const BUCKET_OPTIONS = [
  'name', 'aws_account_id', 'aws_account_alias', 'aws_organization_id', ...AUTH_OPTIONS.filter((o) => o !== 'external_id'),
  'path', 'path_suffix', 'only_logs_after', 'regions', 'discard_regex', 'remove_from_bucket',
];

/** Builds one `<bucket type="T">`; undefined when its type is unusable (problems are recorded). */
export function buildBucket(out: Collector, parentLabel: string, n: number, el: XmlElement): BucketConfig | undefined {
  const type = checkType<BucketType>(out, `${parentLabel}, bucket #${n}`, el, BUCKET_TYPES, 'bucket');
  if (type === undefined) return undefined;
  const rawName = el.children.find((c) => c.name === 'name')?.text ?? '';
  const label = `${parentLabel}, bucket #${n} (${type}${rawName === '' ? '' : ` '${rawName}'`})`;
  const sec = new Section(out, label, el, BUCKET_OPTIONS);
  const name = sec.read('name', checkBucketName);
  if (!sec.has('name')) sec.missing('name', 'the name of the S3 bucket');
  const auth = readAuth(sec);
  const account = readAccountOptions(sec);
  return compact<BucketConfig>({
    kind: 'bucket',
    type,
    name: name ?? rawName,
    ...auth,
    ...account,
    awsOrganizationId: sec.read('aws_organization_id', checkOrganizationId),
    path: sec.read('path', parsePath) ?? '',
    pathSuffix: sec.read('path_suffix', parsePathSuffix) ?? '',
    regions: readRegions(sec),
    discardRegex: readDiscardRegex(sec, 'required', 'buckets'),
    removeFromBucket: sec.read('remove_from_bucket', parseYesNo) ?? false,
  });
}

/**
 * Builds the bucket of the legacy form: `<bucket>NAME</bucket>` directly in the wodle, with
 * `access_key`, `secret_key` and `remove_from_bucket` beside it. Wazuh reads it as a cloudtrail
 * bucket with the alias LEGACY.
 */
export function buildLegacyBucket(out: Collector, wodle: Section, n: number, el: XmlElement): BucketConfig {
  const label = `${wodle.label}, bucket #${n} (cloudtrail${el.text === '' ? '' : ` '${el.text}'`})`;
  wodle.warn(`<bucket>${el.text}</bucket> without a type is deprecated (use <bucket type="cloudtrail"><name>${el.text}</name></bucket>)`);
  const result = checkBucketName(el.text);
  if (el.text === '') out.problems.push(`${label}: <bucket> is empty (expected a bucket name, or <bucket type="..."> with options)`);
  else if (!result.ok) out.problems.push(`${label}: <bucket> '${el.text}' ${result.reason} (expected ${result.expected})`);
  return compact<BucketConfig>({
    kind: 'bucket',
    type: 'cloudtrail',
    name: el.text,
    ...readAuth(wodle),
    awsAccountAlias: 'LEGACY',
    path: '',
    pathSuffix: '',
    removeFromBucket: wodle.read('remove_from_bucket', parseYesNo) ?? false,
  });
}
