import { SERVICE_TYPES, type ServiceConfig, type ServiceType } from './types.ts';
import { checkType, compact, Section, type Collector } from './section.ts';
import { AUTH_OPTIONS, readAccountOptions, readAuth, readDiscardRegex, readRegions } from './common.ts';
import { parseLogGroups, parseYesNo } from './validators.ts';
import type { XmlElement } from './xml.ts';

const SERVICE_OPTIONS = [
  'aws_account_id', 'aws_account_alias', ...AUTH_OPTIONS.filter((o) => o !== 'external_id'),
  'only_logs_after', 'regions', 'aws_log_groups', 'remove_log_streams', 'discard_regex',
];

/** Builds one `<service type="inspector|cloudwatchlogs">`; undefined when its type is unusable. */
export function buildService(out: Collector, parentLabel: string, n: number, el: XmlElement): ServiceConfig | undefined {
  const type = checkType<ServiceType>(out, `${parentLabel}, service #${n}`, el, SERVICE_TYPES, 'service');
  if (type === undefined) return undefined;
  const sec = new Section(out, `${parentLabel}, service #${n} (${type})`, el, SERVICE_OPTIONS);
  const awsLogGroups = sec.read('aws_log_groups', parseLogGroups);
  const removeLogStreams = sec.read('remove_log_streams', parseYesNo);
  if (type === 'cloudwatchlogs' && !sec.has('aws_log_groups')) {
    sec.missing('aws_log_groups', 'comma-separated log group names, e.g. /aws/lambda/my-function');
  }
  if (type === 'inspector') {
    // Wazuh accepts these for any service but only CloudWatch Logs uses them.
    for (const name of ['aws_log_groups', 'remove_log_streams']) {
      if (sec.has(name)) sec.warn(`<${name}> is ignored by the inspector service`);
    }
  }
  return compact<ServiceConfig>({
    kind: 'service',
    type,
    ...readAuth(sec),
    ...readAccountOptions(sec),
    regions: readRegions(sec),
    awsLogGroups,
    removeLogStreams: removeLogStreams ?? false,
    discardRegex: readDiscardRegex(sec, type === 'inspector' ? 'required' : 'optional', `${type} services`),
  });
}
