import type { AuthOptions, DiscardRegex } from './types.ts';
import type { Section } from './section.ts';
import { classifyRegion } from './regions.ts';
import { compileDiscardRegex } from './discard-regex.ts';
import {
  checkRoleArn, nonEmpty, parseAccountIds, parseEndpoint, parseOnlyLogsAfter, parseRoleDuration, splitCsv,
} from './validators.ts';

/** Credential and endpoint options shared by buckets, services and subscribers. */
export const AUTH_OPTIONS = [
  'access_key', 'secret_key', 'aws_profile', 'iam_role_arn', 'iam_role_duration', 'external_id', 'sts_endpoint', 'service_endpoint',
] as const;

/** Reads the credential and endpoint options a section allows (the section rejects the others). */
export function readAuth(sec: Section): AuthOptions {
  const keyText = nonEmpty('the key, or better <aws_profile> or <iam_role_arn>');
  const accessKey = sec.read('access_key', keyText);
  const secretKey = sec.read('secret_key', keyText);
  if (sec.has('access_key') !== sec.has('secret_key')) {
    const [set, unset] = sec.has('access_key') ? ['access_key', 'secret_key'] : ['secret_key', 'access_key'];
    sec.problem(`<${set}> is set without <${unset}> (expected both or neither)`);
  }
  if (sec.has('access_key') || sec.has('secret_key')) {
    sec.warn('<access_key> and <secret_key> are deprecated (use <aws_profile> or <iam_role_arn> instead)');
  }
  const iamRoleArn = sec.read('iam_role_arn', checkRoleArn);
  const iamRoleDuration = sec.read('iam_role_duration', parseRoleDuration);
  if (iamRoleDuration !== undefined && !sec.has('iam_role_arn')) {
    sec.invalid('iam_role_duration', String(iamRoleDuration), 'is set without <iam_role_arn>', 'an integer from 900 to 3600, and <iam_role_arn> set');
  }
  return {
    accessKey,
    secretKey,
    awsProfile: sec.read('aws_profile', nonEmpty('a profile name from the AWS credentials or config file')),
    iamRoleArn,
    iamRoleDuration,
    externalId: sec.read('external_id', nonEmpty('the external id the role trust policy requires')),
    stsEndpoint: sec.read('sts_endpoint', parseEndpoint),
    serviceEndpoint: sec.read('service_endpoint', parseEndpoint),
  };
}

/** Reads `aws_account_id`, `aws_account_alias` and `only_logs_after`, shared by buckets and services. */
export function readAccountOptions(sec: Section): { awsAccountIds?: string[]; awsAccountAlias: string; onlyLogsAfter?: string } {
  return {
    awsAccountIds: sec.read('aws_account_id', parseAccountIds),
    awsAccountAlias: sec.raw('aws_account_alias') ?? '',
    onlyLogsAfter: sec.read('only_logs_after', parseOnlyLogsAfter),
  };
}

/** Reads `regions`: trimmed, deduplicated, sorted; unknown but well-formed names pass with a warning. */
export function readRegions(sec: Section): string[] | undefined {
  const value = sec.raw('regions');
  if (value === undefined) return undefined;
  const names = [...new Set(splitCsv(value))].sort();
  if (names.length === 0) {
    sec.invalid('regions', value, 'holds no region', 'comma-separated AWS regions, e.g. us-east-1,eu-west-1');
    return undefined;
  }
  let valid = true;
  for (const name of names) {
    const kind = classifyRegion(name);
    if (kind === 'invalid') {
      sec.problem(`<regions> region '${name}' is not an AWS region (expected e.g. us-east-1)`);
      valid = false;
    } else if (kind === 'unknown') {
      sec.warn(`<regions> region '${name}' is not a region awsmon knows; used as given`);
    }
  }
  return valid ? names : undefined;
}

/** Reads `<discard_regex field="...">`; `field` is required, optional, or the element is not allowed. */
export function readDiscardRegex(sec: Section, field: 'required' | 'optional' | 'forbidden', what: string): DiscardRegex | undefined {
  const el = sec.element('discard_regex');
  if (el === undefined) return undefined;
  if (field === 'forbidden') {
    sec.problem(`<discard_regex> is not supported by ${what} (expected no <discard_regex>)`);
    return undefined;
  }
  const fieldName = el.attrs.field?.trim();
  if (fieldName === '' || (fieldName === undefined && field === 'required')) {
    sec.problem(`<discard_regex> has ${fieldName === '' ? 'an empty' : 'no'} field attribute, which ${what} need (expected e.g. <discard_regex field="data.source">)`);
  }
  const regex = sec.read('discard_regex', compileDiscardRegex);
  if (regex === undefined || fieldName === '' || (fieldName === undefined && field === 'required')) return undefined;
  return fieldName === undefined ? { pattern: el.text, regex } : { field: fieldName, pattern: el.text, regex };
}
