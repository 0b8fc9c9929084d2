/**
 * Object keys in the layouts AWS writes to S3, and the time formats those layouts and records
 * use. All times are UTC.
 *
 * CloudTrail: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 * Digests: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * VPC flow logs: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const at = (time: Date | number): Date => (typeof time === 'number' ? new Date(time) : time);

/** `YYYY-MM-DD` of a time. */
export function isoDay(time: Date | number): string {
  return at(time).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the way CloudTrail writes `eventTime` (no milliseconds). */
export function isoSeconds(time: Date | number): string {
  return `${at(time).toISOString().slice(0, 19)}Z`;
}

/** `YYYY/MM/DD`, the date folders of CloudTrail and flow-log keys. */
export function datePath(time: Date | number): string {
  return isoDay(time).replaceAll('-', '/');
}

/** `YYYYMMDDTHHmmZ`, the timestamp in CloudTrail and flow-log object names. */
export function keyStamp(time: Date | number): string {
  const d = at(time);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

/** `YYYYMMDDTHHmmssZ`, the timestamp in digest object names. */
export function keyStampSeconds(time: Date | number): string {
  return `${keyStamp(time).slice(0, -1)}${pad(at(time).getUTCSeconds())}Z`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mar 5, 2024, 9:14:07 AM`, the way IAM and STS write dates inside `responseElements`. */
export function awsDisplayDate(time: Date | number): string {
  const d = at(time);
  const h = d.getUTCHours();
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${clock}`;
}

/** The key of a CloudTrail log file; `suffix` is the 16-character random part. */
export function cloudTrailKey(account: string, region: string, time: Date | number, suffix: string): string {
  return `AWSLogs/${account}/CloudTrail/${region}/${datePath(time)}/${account}_CloudTrail_${region}_${keyStamp(time)}_${suffix}.json.gz`;
}

/** The key of a CloudTrail digest file, named after the digest's end time. */
export function cloudTrailDigestKey(account: string, region: string, trail: string, end: Date | number): string {
  return `AWSLogs/${account}/CloudTrail-Digest/${region}/${datePath(end)}/${account}_CloudTrail-Digest_${region}_${trail}_${region}_${keyStampSeconds(end)}.json.gz`;
}

/** The key of a VPC flow-log file; `hash` is the 8-hex-digit part. */
export function vpcFlowKey(account: string, region: string, flowLogId: string, time: Date | number, hash: string): string {
  return `AWSLogs/${account}/vpcflowlogs/${region}/${datePath(time)}/${account}_vpcflowlogs_${region}_${flowLogId}_${keyStamp(time)}_${hash}.log.gz`;
}
