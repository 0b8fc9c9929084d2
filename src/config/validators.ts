/** A validated value, or why it is wrong and what was expected. Values are never echoed here. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string; expected: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(reason: string, expected: string): Checked<T> => ({ ok: false, reason, expected });

/** Wazuh booleans: exactly `yes` or `no`. */
export function parseYesNo(v: string): Checked<boolean> {
  if (v === 'yes') return ok(true);
  if (v === 'no') return ok(false);
  return bad('is not a boolean', 'yes or no');
}

/** Seconds in each `interval` unit; M is 30 days, as in Wazuh. */
export const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, M: 2_592_000 } as const;

/** `interval`: N with an optional unit s/m/h/d/w/M (M = 30 days), bare N = seconds, > 0. */
export function parseInterval(v: string): Checked<number> {
  const m = /^(\d+)([smhdwM]?)$/.exec(v);
  const expected = 'a positive number with an optional unit s, m, h, d, w or M, e.g. 10m';
  if (!m) return bad('is not an interval', expected);
  const seconds = Number(m[1]) * SECONDS[(m[2] || 's') as keyof typeof SECONDS];
  if (seconds <= 0) return bad('is not greater than zero', expected);
  if (!Number.isSafeInteger(seconds)) return bad('is too large', expected);
  return ok(seconds);
}

/** Scheduler `day`: day of the month 1–31. */
export function parseDay(v: string): Checked<number> {
  const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
  return n >= 1 && n <= 31 ? ok(n) : bad('is not a day of the month', 'a number from 1 to 31');
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** Scheduler `wday`: a weekday name, full or three letters, any case; stored as the full lowercase name. */
export function parseWday(v: string): Checked<Weekday> {
  const lower = v.toLowerCase();
  const day = WEEKDAYS.find((d) => d === lower || d.slice(0, 3) === lower);
  return day ? ok(day) : bad('is not a weekday', 'monday to sunday');
}

/** Scheduler `time`: HH:MM on a 24-hour clock; stored zero-padded. */
export function parseTime(v: string): Checked<string> {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (m && Number(m[1]) <= 23 && Number(m[2]) <= 59) return ok(`${m[1]!.padStart(2, '0')}:${m[2]!}`);
  return bad('is not a time of day', 'HH:MM, e.g. 02:30');
}

const BUCKET_NAME_EXPECTED = "3 to 63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";

/** S3 bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function checkBucketName(v: string): Checked<string> {
  if (!/^[a-z0-9][a-z0-9-.]{1,61}[a-z0-9]$/.test(v)) return bad('is not a valid S3 bucket name', BUCKET_NAME_EXPECTED);
  if (v.includes('..')) return bad("holds '..', which S3 bucket names may not", BUCKET_NAME_EXPECTED);
  if (v.startsWith('xn--')) return bad("starts with 'xn--', which S3 reserves", BUCKET_NAME_EXPECTED);
  for (const suffix of ['-s3alias', '--ol-s3']) {
    if (v.endsWith(suffix)) return bad(`ends with '${suffix}', which S3 reserves`, BUCKET_NAME_EXPECTED);
  }
  return ok(v);
}

/** Splits a comma-separated list, trimming items and dropping empty ones. */
export function splitCsv(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `aws_account_id`: comma-separated 12-digit ids, deduplicated in order. */
export function parseAccountIds(v: string): Checked<string[]> {
  const ids = splitCsv(v);
  const expected = 'comma-separated 12-digit AWS account ids, e.g. 123456789012';
  if (ids.length === 0) return bad('holds no account id', expected);
  const wrong = ids.find((id) => !/^\d{12}$/.test(id));
  if (wrong !== undefined) return bad(`holds '${wrong}', which is not a 12-digit AWS account id`, expected);
  return ok([...new Set(ids)]);
}

/** `aws_organization_id`: `o-` and 10 to 32 lowercase letters or digits. */
export function checkOrganizationId(v: string): Checked<string> {
  return /^o-[a-z0-9]{10,32}$/.test(v) ? ok(v) : bad('is not an AWS Organizations id', "'o-' and 10 to 32 lowercase letters or digits");
}

/** `iam_role_arn`: an IAM role ARN in the commercial, China or GovCloud partition. */
export function checkRoleArn(v: string): Checked<string> {
  return /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/.+$/.test(v)
    ? ok(v)
    : bad('is not an IAM role ARN', 'arn:aws:iam::123456789012:role/NAME');
}

/** `iam_role_duration`: integer seconds 900–3600; the caller checks that a role is set. */
export function parseRoleDuration(v: string): Checked<number> {
  const expected = 'an integer from 900 to 3600, and <iam_role_arn> set';
  if (!/^\d+$/.test(v)) return bad('is not an integer', expected);
  const n = Number(v);
  return n >= 900 && n <= 3600 ? ok(n) : bad('is out of range', expected);
}

const withSlash = (v: string): string => (v === '' || v.endsWith('/') ? v : `${v}/`);
const PATH_FORBIDDEN = /[\\{}^%`[\]'"<>~#|;]/;

/** `path`: an S3 key prefix; a trailing `/` is added. */
export function parsePath(v: string): Checked<string> {
  const bad1 = PATH_FORBIDDEN.exec(v);
  if (bad1) return bad(`holds '${bad1[0]}'`, "an S3 key prefix without any of \\ { } ^ % ` [ ] ' \" < > ~ # | ;");
  if (v.startsWith('/')) {
    const fixed = withSlash(v.replace(/^\/+/, ''));
    return bad("starts with '/', but S3 keys never do", fixed === '' ? 'no <path> at all' : `'${fixed}'`);
  }
  return ok(withSlash(v));
}

/** `path_suffix`: a trailing `/` is added. */
export function parsePathSuffix(v: string): Checked<string> {
  return ok(withSlash(v));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `only_logs_after`: `YYYY-MMM-DD` (month name any case), a real date; returned as `YYYY-MM-DD`. */
export function parseOnlyLogsAfter(v: string): Checked<string> {
  const expected = 'a date YYYY-MMM-DD, e.g. 2018-AUG-21';
  const m = /^(\d{4})-([A-Za-z]{3})-(\d{1,2})$/.exec(v);
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  if (!m || month < 0) return bad('is not a date', expected);
  const year = Number(m[1]);
  const day = Number(m[3]);
  const date = new Date(Date.UTC(year, month, day));
  if (day < 1 || date.getUTCMonth() !== month) return bad('is not a calendar date', expected);
  return ok(`${m[1]!}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

const HOST = /^(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/** `sts_endpoint` / `service_endpoint`: an http(s) URL, or a host name that becomes `https://host`. */
export function parseEndpoint(v: string): Checked<string> {
  const expected = 'an http or https URL, or a host name such as sts.us-east-1.amazonaws.com';
  if (!v.includes('://')) return HOST.test(v) ? ok(`https://${v}`) : bad('is not a URL or host name', expected);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return bad('is not a valid URL', expected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad(`uses '${url.protocol.slice(0, -1)}'`, expected);
  if (url.hostname === '') return bad('has no host', expected);
  if (url.username !== '' || url.password !== '') return bad('holds credentials', 'an endpoint URL without user or password');
  return ok(v);
}

/** `sqs_name`: an SQS queue name. */
export function checkSqsName(v: string): Checked<string> {
  return /^[a-zA-Z0-9-_]{1,80}$/.test(v) ? ok(v) : bad('is not an SQS queue name', "1 to 80 letters, digits, '-' or '_'");
}

/** `aws_log_groups`: comma-separated CloudWatch log group names, deduplicated in order. */
export function parseLogGroups(v: string): Checked<string[]> {
  const groups = splitCsv(v);
  const expected = 'comma-separated log group names, e.g. /aws/lambda/my-function';
  if (groups.length === 0) return bad('holds no log group', expected);
  const wrong = groups.find((g) => !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(g));
  if (wrong !== undefined) return bad(`holds '${wrong}', which is not a log group name`, expected);
  return ok([...new Set(groups)]);
}

/** Any non-empty text (profile names, aliases, external ids). */
export function nonEmpty(expected: string): (v: string) => Checked<string> {
  return (v) => (v === '' ? bad('is empty', expected) : ok(v));
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate when it is close enough to be a likely typo. */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  // A truncated name ('cloudwatch' for 'cloudwatchlogs') is far in edits but an obvious match.
  const extended = lower.length >= 4 ? candidates.find((c) => c.startsWith(lower)) : undefined;
  if (extended !== undefined) return extended;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
