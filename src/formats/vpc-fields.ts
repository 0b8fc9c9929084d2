/**
 * Every field a VPC flow log record can hold, by the version that introduced it, as the header line
 * of a file delivered to S3 names them (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html,
 * "Available fields"). The default format is the version 2 fields in this order.
 */
export const FLOW_FIELDS_BY_VERSION: Readonly<Record<number, readonly string[]>> = {
  2: ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'],
  3: ['vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr'],
  4: ['region', 'az-id', 'sublocation-type', 'sublocation-id'],
  5: ['pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path'],
  7: [
    'ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn', 'ecs-container-instance-id', 'ecs-container-id',
    'ecs-second-container-id', 'ecs-service-name', 'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id',
  ],
  8: ['reject-reason'],
  // Added after version 8 (regional NAT gateways, VPC encryption controls); accepted so such files still read.
  9: ['resource-id'],
  10: ['encryption-status'],
};

/** The default (version 2) format's fields in snake_case, the names Wazuh's vpcflow parser uses. */
export const DEFAULT_FLOW_FIELDS: readonly string[] = FLOW_FIELDS_BY_VERSION[2]!.map(toSnakeCase);

/** Every known field name, snake_case. */
export const KNOWN_FLOW_FIELDS: ReadonlySet<string> = new Set(Object.values(FLOW_FIELDS_BY_VERSION).flat().map(toSnakeCase));

/** `account-id` → `account_id`, the style Wazuh uses for flow log fields. */
export function toSnakeCase(field: string): string {
  return field.replaceAll('-', '_');
}
