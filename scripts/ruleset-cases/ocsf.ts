/**
 * Cases of the Security Lake rules (0990, 99000-99082): OCSF 1.0.0-rc.2 records as Security Lake
 * writes them, sent raw (no wrapper, nulls kept).
 */
import { fires, misses, repeat, type RuleCase } from './model.ts';
import { ACCOUNT, call, T0, SECOND, type Message } from './messages.ts';

const cloud = { region: 'us-east-1', provider: 'AWS' };
const meta = (name: string, version: string) => ({ product: { version, name, vendor_name: 'AWS', feature: { name: name === 'CloudTrail' ? 'Management, Data, and Insights' : name === 'Route 53' ? 'Resolver Query Logs' : 'Flowlogs' } }, version: '1.0.0-rc.2', profiles: ['cloud'] });

function api(operation: string, options: { error?: string | null; user?: string | null; ip?: string | null; at?: number; data?: Record<string, unknown> } = {}): Message {
  const { error = null, user = 'alice', ip = '203.0.113.10', at = 0, data = null } = options;
  return {
    metadata: { ...meta('CloudTrail', '1.09'), uid: `0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f${at % 10}` }, time: T0 + at, cloud,
    api: { response: { error, message: error === null ? null : `User is not authorized to perform: ${operation}` }, operation, version: null, service: { name: 'ec2.amazonaws.com' }, request: { uid: '9c8b7a6d-5e4f-4321-8a9b-0c1d2e3f4a5b', data } },
    identity: { user: { type: user === null ? null : 'IAMUser', name: user, uid: user === null ? null : 'AIDAYRZ4EXAMPLEALICE', uuid: user === null ? null : `arn:aws:iam::${ACCOUNT}:user/${user}`, account_uid: ACCOUNT, credential_uid: 'AKIAYRZ4EXAMPLEALICE' }, session: null, invoked_by: null, idp: { name: null } },
    http_request: { user_agent: 'aws-cli/2.15.30 Python/3.11.8' }, src_endpoint: { uid: null, ip, domain: null },
    class_name: 'API Activity', class_uid: 3005, category_name: 'Audit Activity', category_uid: 3, severity_id: 1, severity: 'Informational',
    status: error === null ? 'Success' : 'Failure', activity_name: 'Update', activity_id: 3, type_uid: 300503, type_name: 'API Activity: Update', unmapped: { recipientAccountId: ACCOUNT },
  };
}

function network(srcPort: number, dstPort: number, activity = 'Established', disposition = 'Allowed'): Message {
  return {
    metadata: meta('Amazon VPC', '5'), cloud: { ...cloud, zone: null },
    src_endpoint: { port: srcPort, svc_name: null, ip: srcPort === 51514 || dstPort === 22 || dstPort === 3389 ? '192.0.2.99' : '10.0.1.11', intermediate_ips: null, interface_uid: 'eni-0a1b2c3d4e5f60102', vpc_uid: 'vpc-0a1b2c3d4e5f60700', instance_uid: 'i-0a1b2c3d4e5f60011', subnet_uid: 'subnet-0a1b2c3d4e5f6a001' },
    dst_endpoint: { port: dstPort, svc_name: null, ip: '10.0.1.11', intermediate_ips: null, interface_uid: null, vpc_uid: null, instance_uid: null, subnet_uid: null },
    connection_info: { protocol_num: 6, tcp_flags: 3, protocol_ver: 'IPv4', boundary_id: 99, boundary: null, direction_id: 1, direction: 'Inbound' },
    traffic: { packets: 48, bytes: 9120 }, time: T0, start_time: T0, end_time: T0 + 58 * SECOND, status_code: 'OK', severity_id: 1, severity: 'Informational',
    class_name: 'Network Activity', class_uid: 4001, category_name: 'Network Activity', category_uid: 4, activity_name: activity, activity_id: activity === 'Established' ? 1 : 5,
    type_uid: activity === 'Established' ? 400101 : 400105, type_name: `Network Activity: ${activity}`, disposition, unmapped: { 'account-id': ACCOUNT },
  };
}

function dns(rcode: string, rcodeId: number, hostname = 'updates.example.com.'): Message {
  return {
    metadata: meta('Route 53', '1.100000'), cloud: { ...cloud, account_uid: ACCOUNT },
    query: { hostname, type: 'A', class: 'IN' }, rcode, rcode_id: rcodeId, answers: rcodeId === 0 ? [{ type: 'A', rdata: '203.0.113.80', class: 'IN' }] : null,
    src_endpoint: { vpc_uid: 'vpc-0a1b2c3d4e5f60700', ip: '10.0.2.30', port: 53921, instance_uid: 'i-0a1b2c3d4e5f60001' }, connection_info: { protocol_name: 'UDP', direction: 'Unknown', direction_id: 0 },
    time: T0, class_name: 'DNS Activity', class_uid: 4003, category_name: 'Network Activity', category_uid: 4, activity_name: 'Traffic', activity_id: 6, type_uid: 400306, type_name: 'DNS Activity: Traffic', severity_id: 1, severity: 'Informational',
  };
}

function consoleLogin(): Message {
  return {
    metadata: meta('CloudTrail', '1.09'), time: T0, cloud, user: { type: 'IAMUser', name: 'alice', uid: 'AIDAYRZ4EXAMPLEALICE', account_uid: ACCOUNT },
    src_endpoint: { ip: '203.0.113.10' }, http_request: { user_agent: 'Mozilla/5.0' }, is_mfa: true, status: 'Success', class_name: 'Authentication', class_uid: 3002,
    category_name: 'Identity & Access Management', category_uid: 3, activity_name: 'Logon', activity_id: 1, type_uid: 300201, severity_id: 1, severity: 'Informational',
  };
}

const TRUST = { roleName: 'ci-deploy', assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}' };

/** The cases. */
export function securityLakeCases(): RuleCase[] {
  const finding = { metadata: { product: { name: 'Security Hub', vendor_name: 'AWS', version: '2018-10-08' }, version: '1.0.0-rc.2' }, time: T0, finding: { uid: 'arn:aws:securityhub:us-east-1::product/aws/securityhub', title: 'EC2.19' }, class_name: 'Security Finding', class_uid: 2001, category_name: 'Findings', category_uid: 2, activity_id: 1, activity_name: 'Create', severity_id: 3 };
  return [
    fires('an OCSF record of another product stays an event (99000)', [finding], 99000, 0),
    misses('near miss of 99000: a Wazuh AWS message', [call({ name: 'DescribeVpcs', source: 'ec2.amazonaws.com', requestParameters: { vpcSet: {}, filterSet: {} } })], 99000),
    fires('a Security Lake CloudTrail record that is not an API call (99001)', [consoleLogin()], 99001, 3),
    misses('near miss of 99001: a Route 53 record', [dns('SERVFAIL', 2)], 99001),
    fires('a Security Lake VPC flow that was refused (99002)', [network(61422, 23, 'Refuse', 'Blocked')], 99002, 3),
    misses('near miss of 99002: a CloudTrail record', [consoleLogin()], 99002),
    fires('a Security Lake Route 53 query that failed otherwise (99003)', [dns('SERVFAIL', 2)], 99003, 3),
    misses('near miss of 99003: a VPC flow', [network(61422, 23, 'Refuse', 'Blocked')], 99003),

    fires('failed API operation (99020)', [api('DescribeInstances', { error: 'AccessDenied' })], 99020, 3),
    misses('near miss of 99020: a successful operation', [api('DescribeInstances')], 99020),
    fires('5 failed operations from one address within 2 minutes (99021)', Array.from({ length: 5 }, (_, i) => api('DescribeInstances', { error: 'AccessDenied', ip: '198.51.100.66', at: i * 10 * SECOND })), 99021, 3),
    misses('near miss of 99021: from 5 addresses', Array.from({ length: 5 }, (_, i) => api('DescribeInstances', { error: 'AccessDenied', ip: `198.51.100.${60 + i}`, at: i * 10 * SECOND })), 99021),
    fires('successful operation by a known user from a known address (99022)', [api('DescribeInstances')], 99022, 3),
    misses('near miss of 99022: unknown user', [api('DescribeInstances', { user: null })], 99022),
    fires('successful operation by an unknown user from an unknown address (99023)', [api('DescribeInstances', { user: null, ip: null })], 99023, 3),
    misses('near miss of 99023: known address', [api('DescribeInstances', { user: null })], 99023),
    fires('successful operation by an unknown user (99024)', [api('DescribeInstances', { user: null })], 99024, 3),
    misses('near miss of 99024: known user', [api('DescribeInstances')], 99024),
    fires('successful operation from an unknown address (99025)', [api('DescribeInstances', { ip: null })], 99025, 3),
    misses('near miss of 99025: unknown user too', [api('DescribeInstances', { user: null, ip: null })], 99025),
    fires('Windows password data retrieved (99026)', [api('GetPasswordData', { data: { instanceId: 'i-0a1b2c3d4e5f60099' } })], 99026, 5),
    misses('near miss of 99026: console output read', [api('GetConsoleOutput', { data: { instanceId: 'i-0a1b2c3d4e5f60099' } })], 99026),
    fires('15 password data retrievals within 5 minutes (99027)', [repeat(15, api('GetPasswordData', { data: { instanceId: 'i-0a1b2c3d4e5f60099' } }))], 99027, 12),
    misses('near miss of 99027: 14 of them', [repeat(14, api('GetPasswordData', { data: { instanceId: 'i-0a1b2c3d4e5f60099' } }))], 99027),
    fires('security group ingress added (99028)', [api('AuthorizeSecurityGroupIngress')], 99028, 12),
    misses('near miss of 99028: ingress revoked', [api('RevokeSecurityGroupIngress')], 99028),
    fires('role created with a trust policy (99029)', [api('CreateRole', { data: TRUST })], 99029, 12),
    misses('near miss of 99029: role settings updated', [api('UpdateRole', { data: { roleName: 'ci-deploy', maxSessionDuration: 7200 } })], 99029),
    fires('CloudTrail event selectors changed (99030)', [api('PutEventSelectors')], 99030, 12),
    misses('near miss of 99030: event selectors read', [api('GetEventSelectors')], 99030),

    fires('established connection on a web port stays an event (99050)', [network(51514, 443)], 99050, 0),
    misses('near miss of 99050: a refused connection', [network(61422, 22, 'Refuse', 'Blocked')], 99050),
    fires('SSH connection (99051)', [network(51514, 22)], 99051, 3),
    misses('near miss of 99051: port 2222', [network(51514, 2222)], 99051),
    fires('SSH connection, server side (99052)', [network(22, 51514)], 99052, 3),
    misses('near miss of 99052: from port 2222', [network(2222, 51514)], 99052),
    fires('RDP connection (99053)', [network(51514, 3389)], 99053, 3),
    misses('near miss of 99053: port 3390', [network(51514, 3390)], 99053),
    fires('RDP connection, server side (99054)', [network(3389, 51514)], 99054, 3),
    misses('near miss of 99054: from port 3390', [network(3390, 51514)], 99054),
    fires('SMB connection (99055)', [network(51514, 445)], 99055, 3),
    misses('near miss of 99055: port 4450', [network(51514, 4450)], 99055),
    fires('SMB connection, server side (99056)', [network(139, 51514)], 99056, 3),
    misses('near miss of 99056: from port 1390', [network(1390, 51514)], 99056),
    fires('DCE/RPC connection (99057)', [network(51514, 135)], 99057, 3),
    misses('near miss of 99057: port 1350', [network(51514, 1350)], 99057),
    fires('DCE/RPC connection, server side (99058)', [network(135, 51514)], 99058, 3),
    misses('near miss of 99058: from port 1350', [network(1350, 51514)], 99058),

    fires('DNS query answered (99080)', [dns('NoError', 0)], 99080, 3),
    misses('near miss of 99080: non-existent domain', [dns('NXDomain', 3, 'qx7kd0.example.net.')], 99080),
    fires('DNS query for a non-existent domain (99081)', [dns('NXDomain', 3, 'qx7kd0.example.net.')], 99081, 3),
    misses('near miss of 99081: answered', [dns('NoError', 0)], 99081),
    fires('DNS query with an unknown response code (99082)', [dns('Other', -1)], 99082, 3),
    misses('near miss of 99082: SERVFAIL', [dns('SERVFAIL', 2)], 99082),
  ];
}
