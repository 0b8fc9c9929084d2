/**
 * Cases of the finding and access-log families: GuardDuty, ALB, Macie, S3 server access, WAF,
 * Config, Trusted Advisor, KMS, Inspector (0350 and 0357).
 */
import { fires, misses, repeat, type RuleCase } from './model.ts';
import { ACCOUNT, bucketMessage, call, flow, iso, type Message } from './messages.ts';

const FIREHOSE = (stream: string) => `firehose/2024/05/02/10/${stream}-1-2024-05-02-10-00-00-3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b`;
const CUSTOM_BUCKET = 'acme-eventbridge-archive';

function guardDuty(severity: number, type: string, action: Record<string, unknown>): Message {
  const finding = {
    schemaVersion: '2.0', accountId: ACCOUNT, region: 'us-east-1', partition: 'aws',
    id: '9ec7a1f0c5e64b3f8d2a0b1c2d3e4f50', arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/9ec7a1f0c5e64b3f8d2a0b1c2d3e4f50`,
    type,
    resource: { resourceType: 'Instance', instanceDetails: { instanceId: 'i-0a1b2c3d4e5f60010', instanceType: 't3.medium', launchTime: '2024-04-30T08:12:41.000Z', networkInterfaces: [{ privateIpAddress: '10.0.1.10', publicIp: '198.51.100.210', subnetId: 'subnet-0a1b2c3d4e5f6a001', vpcId: 'vpc-0a1b2c3d4e5f60700' }] } },
    service: { serviceName: 'guardduty', detectorId: '12abc34d567e8fa901bc2d34e56789f0', action, resourceRole: 'TARGET', eventFirstSeen: iso(-3600_000), eventLastSeen: iso(0), archived: false, count: 4 },
    severity, createdAt: iso(-3600_000), updatedAt: iso(0),
    title: `${type} finding on i-0a1b2c3d4e5f60010.`, description: `GuardDuty reports ${type}.`,
  };
  return bucketMessage('guardduty', finding, `AWSLogs/${ACCOUNT}/GuardDuty/us-east-1/2024/05/02/2f3a4b5c-6d7e-4f80-9a1b-2c3d4e5f6a7b.jsonl.gz`, 'acme-guardduty');
}
const PORT_PROBE = { actionType: 'PORT_PROBE', portProbeAction: { blocked: false, portProbeDetails: [{ localPortDetails: { port: 22, portName: 'SSH' }, remoteIpDetails: { ipAddressV4: '198.51.100.23', organization: { asn: '64500', asnOrg: 'EXAMPLE-NET' }, country: { countryName: 'Netherlands' } } }] } };
const CONNECTION = { actionType: 'NETWORK_CONNECTION', networkConnectionAction: { connectionDirection: 'OUTBOUND', protocol: 'TCP', blocked: false, remoteIpDetails: { ipAddressV4: '203.0.113.250' }, remotePortDetails: { port: 3333, portName: 'Unknown' }, localPortDetails: { port: 41238, portName: 'Unknown' } } };
const API_CALL = { actionType: 'AWS_API_CALL', awsApiCallAction: { api: 'ListBuckets', serviceName: 's3.amazonaws.com', callerType: 'Remote IP', remoteIpDetails: { ipAddressV4: '203.0.113.250' } } };

function alb(status: number, request: string, userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36', errorReason = '-'): Message {
  const record = {
    type: 'https', time: '2024-05-02T10:00:00.218604Z', elb: 'app/web-prod/50dc6c495c0c9188', client_ip: '198.51.100.23', client_port: '61422', target_ip: '10.0.1.10', target_port: '443',
    request_processing_time: '0.000', target_processing_time: status === 503 ? '-1' : '0.012', response_processing_time: '0.000', elb_status_code: String(status), target_status_code: status === 503 ? '-' : String(status),
    received_bytes: '412', sent_bytes: '318', request, user_agent: userAgent, ssl_cipher: 'ECDHE-RSA-AES128-GCM-SHA256', ssl_protocol: 'TLSv1.2',
    target_group_arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web/73e2d6bc24d8a067`, trace_id: 'Root=1-66336410-0a1b2c3d4e5f60718293a4b5', domain_name: 'shop.example.com',
    chosen_cert_arn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`, matched_rule_priority: '0', request_creation_time: '2024-05-02T10:00:00.206000Z',
    action_executed: 'forward', redirect_url: '-', error_reason: errorReason, target_ip_list: '10.0.1.10', target_port_list: '443', target_status_code_list: status === 503 ? '-' : String(status), classification: '-', classification_reason: '-',
  };
  return bucketMessage('alb', record, `AWSLogs/${ACCOUNT}/elasticloadbalancing/us-east-1/2024/05/02/${ACCOUNT}_elasticloadbalancing_us-east-1_app.web-prod.50dc6c495c0c9188_20240502T1000Z_198.51.100.10_2kf8d9s1.log.gz`, 'acme-lb-logs');
}
const GET = 'GET https://shop.example.com:443/api/cart HTTP/1.1';

function macie(severity: string | null): Message {
  if (severity === null) {
    // A Macie Classic alert: no severity.description.
    return bucketMessage('macie', { 'notification-type': 'ALERT_CREATED', name: 'S3 bucket IAM policy grants global read rights', tags: ['Open Permissions', 'Basic Alert'], 'alert-arn': `arn:aws:macie:us-east-1:${ACCOUNT}:trigger/b731d9ffb1fe61508d4b490c92efa666/alert/c5b5cd0e2c2b4d2b8c0e0a1b2c3d4e5f`, 'risk-score': 9, 'created-at': iso(0), actor: ACCOUNT, summary: { 'Bucket': { 'acme-prod-assets': 1 } } }, FIREHOSE('macie'), CUSTOM_BUCKET);
  }
  return bucketMessage('macie', {
    schemaVersion: '1.0', id: '90b2a6a2e4c1f5d6a7b8c9d0e1f2a3b4', accountId: ACCOUNT, partition: 'aws', region: 'us-east-1',
    type: 'SensitiveData:S3Object/Personal', title: 'The S3 object contains personal information.', description: 'The object contains personal information such as full names or mailing addresses.',
    severity: { score: { Low: 1, Medium: 2, High: 3 }[severity], description: severity }, createdAt: iso(0), updatedAt: iso(0), count: 1, category: 'CLASSIFICATION',
    resourcesAffected: { s3Bucket: { name: 'acme-prod-assets', arn: 'arn:aws:s3:::acme-prod-assets' }, s3Object: { key: 'exports/customers.csv', size: 184000 } },
  }, FIREHOSE('macie'), CUSTOM_BUCKET);
}

function s3Access(operation: string, status: number, errorCode = '-', requester = `arn:aws:iam::${ACCOUNT}:user/alice`, remoteIp = '203.0.113.10'): Message {
  const record = {
    bucket_owner: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', bucket: 'acme-prod-assets', time: '02/May/2024:10:00:00 +0000', remote_ip: remoteIp, requester,
    request_id: '3E57427F33A59F07', operation, key: 'exports/report.csv', request_uri: `${operation.includes('GET') ? 'GET' : operation.includes('PUT') ? 'PUT' : 'DELETE'} /acme-prod-assets/exports/report.csv HTTP/1.1`,
    http_status: String(status), error_code: errorCode, bytes_sent: '-', object_size: '9830', total_time: '18', turn_around_time: '-', referer: '-', user_agent: 'aws-cli/2.15.30 Python/3.11.8',
    version_id: '-', host_id: 's9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=', signature_version: 'SigV4', cipher_suite: 'ECDHE-RSA-AES128-GCM-SHA256',
    authentication_type: 'AuthHeader', host_header: 'acme-prod-assets.s3.us-east-1.amazonaws.com', tls_version: 'TLSv1.2', access_point_arn: '-', acl_required: '-',
  };
  return bucketMessage('s3_server_access', record, 'logs/2024-05-02-10-00-00-0A1B2C3D4E5F6071', 'acme-access-logs');
}

function waf(action: string, clientIp = '198.51.100.23'): Message {
  return bucketMessage('waf', {
    timestamp: 1714644000000, formatVersion: 1, webaclId: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/shop/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
    terminatingRuleId: action === 'BLOCK' ? 'AWS-AWSManagedRulesSQLiRuleSet' : 'Default_Action', terminatingRuleType: action === 'BLOCK' ? 'MANAGED_RULE_GROUP' : 'REGULAR', action,
    terminatingRuleMatchDetails: [], httpSourceName: 'ALB', httpSourceId: `${ACCOUNT}-app/web-prod/50dc6c495c0c9188`, ruleGroupList: [], rateBasedRuleList: [], nonTerminatingMatchingRules: [],
    requestHeadersInserted: null, responseCodeSent: null,
    httpRequest: { clientIp, country: 'NL', headers: { Host: 'shop.example.com', 'User-Agent': 'Mozilla/5.0' }, uri: '/search', args: "q=1'%20OR%201=1", httpVersion: 'HTTP/1.1', httpMethod: 'GET', requestId: '1-66336410-0a1b2c3d4e5f60718293a4b5' },
  }, FIREHOSE('aws-waf-logs-shop'), 'acme-waf-logs');
}

const HISTORY_KEY = `AWSLogs/${ACCOUNT}/Config/us-east-1/2024/5/2/ConfigHistory/${ACCOUNT}_Config_us-east-1_ConfigHistory_AWS::EC2::SecurityGroup_20240502T095952Z_20240502T101452Z_1.json.gz`;
const SNAPSHOT_KEY = `AWSLogs/${ACCOUNT}/Config/us-east-1/2024/5/2/ConfigSnapshot/${ACCOUNT}_Config_us-east-1_ConfigSnapshot_20240502T100000Z_6f1c2a3b-4d5e-4f60-8a71-b2c3d4e5f607.json.gz`;
function configItem(key: string, status: string, resourceType = 'AWS::EC2::SecurityGroup', configuration: Record<string, unknown> = { groupName: 'web', groupId: 'sg-0a1b2c3d4e5f60042', vpcId: 'vpc-0a1b2c3d4e5f60700' }): Message {
  const item = {
    relatedEvents: [], relationships: [], configuration, supplementaryConfiguration: {}, tags: {}, configurationItemVersion: '1.3', configurationItemCaptureTime: iso(0),
    configurationStateId: 1714644000123, awsAccountId: ACCOUNT, configurationItemStatus: status, resourceType, resourceId: 'sg-0a1b2c3d4e5f60042', resourceName: 'web',
    ARN: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0a1b2c3d4e5f60042`, awsRegion: 'us-east-1', availabilityZone: 'Not Applicable', configurationStateMd5Hash: '',
  };
  const message = bucketMessage('config', item, key, 'acme-config');
  (message['aws'] as Record<string, unknown>)['aws_account_id'] = ACCOUNT;
  return message;
}
const compliance = (type: string) => configItem(SNAPSHOT_KEY, 'OK', 'AWS::Config::ResourceCompliance', { complianceType: type, configRuleList: [{ configRuleName: 'restricted-ssh', complianceType: type }], resourceId: 'sg-0a1b2c3d4e5f60042', resourceType: 'AWS::EC2::SecurityGroup' });

function trustedAdvisor(status: string): Message {
  return bucketMessage('trustedadvisor', {
    'check-name': 'Security Groups - Specific Ports Unrestricted', 'check-item-detail': { Region: 'us-east-1', 'Security Group Name': 'web', 'Security Group ID': 'sg-0a1b2c3d4e5f60042', Protocol: 'tcp', Status: 'Red', Ports: '22' },
    status, resource_id: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0a1b2c3d4e5f60042`, uuid: 'aa12cb59-cc5f-4b21-8b2c-1b2d3e4f5a6b',
  }, FIREHOSE('trusted-advisor'), CUSTOM_BUCKET);
}

function kmsCall(identity: Record<string, unknown>, eventName = 'Decrypt'): Message {
  return bucketMessage('kms', {
    eventVersion: '1.08', userIdentity: identity, eventTime: iso(0), eventSource: 'kms.amazonaws.com', eventName, awsRegion: 'us-east-1',
    sourceIPAddress: identity['invokedBy'] ?? '203.0.113.10', userAgent: identity['invokedBy'] ?? 'aws-cli/2.15.30',
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, responseElements: null, requestID: '8f9e0d1c-2b3a-4c5d-8e7f-6a5b4c3d2e1f', eventID: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
    readOnly: true, resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/7c2f1a4e-5b3d-4e8f-9a61-2d0c8b7e5f13` }], eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management',
  }, FIREHOSE('kms-events'), CUSTOM_BUCKET);
}
const KMS_USER = { type: 'IAMUser', principalId: 'AIDAYRZ4EXAMPLEALICE', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, accessKeyId: 'AKIAYRZ4EXAMPLEALICE', userName: 'alice' };
const KMS_ROLE = { type: 'AssumedRole', principalId: 'AROAYRZ4EXAMPLEAPPSV:i-0a1b2c3d4e5f60001', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-server/i-0a1b2c3d4e5f60001`, accountId: ACCOUNT, accessKeyId: 'ASIAYRZ4EXAMPLEAPPSV' };

function inspector(severity: string, source = 'inspector'): Message {
  const finding = {
    awsAccountId: ACCOUNT, description: 'A buffer overflow in libexample allows remote code execution.', findingArn: `arn:aws:inspector2:us-east-1:${ACCOUNT}:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9`,
    firstObservedAt: '2024-05-01 08:00:00.123000+00:00', lastObservedAt: '2024-05-02 09:00:00.456000+00:00', severity, status: 'ACTIVE', title: 'CVE-2024-0001 - libexample', type: 'PACKAGE_VULNERABILITY',
    resources: [{ id: 'i-0a1b2c3d4e5f60010', partition: 'aws', region: 'us-east-1', type: 'AWS_EC2_INSTANCE' }], inspectorScore: 9.8, createdAt: '2024-05-01T08:00:00Z', updatedAt: '2024-05-02T10:00:00Z',
  };
  return { integration: 'aws', aws: { ...finding, source } };
}

/** The cases. */
export function findingCases(): RuleCase[] {
  const putByUser = s3Access('REST.PUT.OBJECT', 200);
  return [
    fires('a GuardDuty event without a severity stays an event (80300)', [bucketMessage('guardduty', { schemaVersion: '1.0', scanStatus: 'COMPLETED', resourceType: 'S3_OBJECT', s3ObjectDetails: { bucketName: 'acme-uploads', objectKey: 'in/a.pdf' }, scanResultDetails: { scanResultStatus: 'NO_THREATS_FOUND' } }, FIREHOSE('guardduty'), CUSTOM_BUCKET)], 80300, 0),
    misses('near miss of 80300: a Macie finding', [macie('Low')], 80300),
    fires('GuardDuty low severity (80301)', [guardDuty(2, 'Policy:S3/BucketBlockPublicAccessDisabled', API_CALL)], 80301, 3),
    fires('GuardDuty fractional low severity 2.8 stays low (80301)', [guardDuty(2.8, 'Recon:IAMUser/MaliciousIPCaller', API_CALL)], 80301, 3),
    misses('near miss of 80301: medium severity', [guardDuty(5, 'UnauthorizedAccess:EC2/SSHBruteForce', CONNECTION)], 80301),
    fires('GuardDuty medium severity (80302)', [guardDuty(5, 'UnauthorizedAccess:EC2/SSHBruteForce', CONNECTION)], 80302, 6),
    misses('near miss of 80302: high severity', [guardDuty(8, 'CryptoCurrency:EC2/BitcoinTool.B!DNS', CONNECTION)], 80302),
    fires('GuardDuty high severity (80303)', [guardDuty(8, 'CryptoCurrency:EC2/BitcoinTool.B!DNS', CONNECTION)], 80303, 10),
    misses('near miss of 80303: severity 6.9 is medium', [guardDuty(6.9, 'Trojan:EC2/DNSDataExfiltration', CONNECTION)], 80303),
    fires('GuardDuty critical severity (80650)', [guardDuty(9, 'AttackSequence:IAM/CompromisedCredentials', API_CALL)], 80650, 12),
    misses('near miss of 80650: severity 8.9 is high', [guardDuty(8.9, 'CryptoCurrency:EC2/BitcoinTool.B!DNS', CONNECTION)], 80650),
    fires('GuardDuty low-severity port probe (80305)', [guardDuty(2, 'Recon:EC2/PortProbeUnprotectedPort', PORT_PROBE)], 80305, 3),
    misses('near miss of 80305: a low-severity API call finding', [guardDuty(2, 'Policy:S3/BucketBlockPublicAccessDisabled', API_CALL)], 80305),
    fires('GuardDuty medium-severity port probe (80306)', [guardDuty(5, 'Recon:EC2/PortProbeUnprotectedPort', PORT_PROBE)], 80306, 6),
    misses('near miss of 80306: a medium-severity connection finding', [guardDuty(5, 'UnauthorizedAccess:EC2/SSHBruteForce', CONNECTION)], 80306),
    fires('GuardDuty high-severity port probe (80307)', [guardDuty(8, 'Recon:EC2/PortProbeEMRUnprotectedPort', PORT_PROBE)], 80307, 10),
    misses('near miss of 80307: a high-severity API call finding', [guardDuty(8, 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', API_CALL)], 80307),

    fires('an ALB request answered 200 stays an event (80325)', [alb(200, GET)], 80325, 0),
    misses('near miss of 80325: a WAF record', [waf('ALLOW')], 80325),
    fires('ALB 500 (80326)', [alb(500, GET)], 80326, 3),
    misses('near miss of 80326: 502', [alb(502, GET, undefined, 'TargetConnectionError')], 80326),
    fires('ALB 503 (80327)', [alb(503, GET)], 80327, 3),
    misses('near miss of 80327: 504', [alb(504, GET, undefined, 'TargetTimeout')], 80327),
    fires('ALB 403 (80328)', [alb(403, GET)], 80328, 5),
    misses('near miss of 80328: 404', [alb(404, GET)], 80328),
    fires('script injection in an ALB request (80620)', [alb(200, 'GET https://shop.example.com:443/search?q=%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1')], 80620, 6),
    fires('path traversal in an ALB request (80620)', [alb(400, 'GET https://shop.example.com:443/static/../../etc/passwd HTTP/1.1')], 80620, 6),
    misses('near miss of 80620: a search for scripting', [alb(200, 'GET https://shop.example.com:443/search?q=scripting+tutorial HTTP/1.1')], 80620),
    fires('vulnerability scanner user agent at the ALB (80621)', [alb(404, 'GET https://shop.example.com:443/wp-login.php HTTP/1.1', 'sqlmap/1.8.4#stable (https://sqlmap.org)')], 80621, 5),
    misses('near miss of 80621: a browser', [alb(404, 'GET https://shop.example.com:443/wp-login.php HTTP/1.1')], 80621),

    fires('a Macie Classic alert stays an event (80350)', [macie(null)], 80350, 0),
    misses('near miss of 80350: a GuardDuty finding', [guardDuty(2, 'Policy:S3/BucketBlockPublicAccessDisabled', API_CALL)], 80350),
    fires('Macie low (80351)', [macie('Low')], 80351, 4),
    misses('near miss of 80351: medium', [macie('Medium')], 80351),
    fires('Macie medium (80352)', [macie('Medium')], 80352, 6),
    misses('near miss of 80352: high', [macie('High')], 80352),
    fires('Macie high (80353)', [macie('High')], 80353, 8),
    misses('near miss of 80353: low', [macie('Low')], 80353),

    fires('an S3 HEAD request stays an event (80360)', [s3Access('REST.HEAD.BUCKET', 200)], 80360, 0),
    misses('near miss of 80360: a VPC flow', [flow({ src: '203.0.113.12', dst: '10.0.1.10', srcPort: 49152, dstPort: 443, action: 'ACCEPT' })], 80360),
    fires('S3 object deleted (80361)', [s3Access('REST.DELETE.OBJECT', 204)], 80361, 3),
    misses('near miss of 80361: an object read', [s3Access('REST.GET.OBJECT', 200)], 80361),
    fires('S3 GET other than a successful object read (80362)', [s3Access('REST.GET.BUCKETPOLICY', 200)], 80362, 2),
    misses('near miss of 80362: a successful object read is silenced', [s3Access('REST.GET.OBJECT', 200)], 80362),
    fires('successful S3 object read is silenced (80363)', [s3Access('REST.GET.OBJECT', 200)], 80363, 0),
    misses('near miss of 80363: a conditional read answered 304', [s3Access('REST.GET.OBJECT', 304)], 80363),
    fires('S3 object written (80364)', [putByUser], 80364, 3),
    misses('near miss of 80364: written by the S3 service', [s3Access('REST.PUT.OBJECT', 200, '-', 'svc:s3.amazonaws.com', '-')], 80364),
    fires('S3 write by the S3 service is silenced (80365)', [s3Access('REST.PUT.OBJECT', 200, '-', 'svc:s3.amazonaws.com', '-')], 80365, 0),
    misses('near miss of 80365: written by a user', [putByUser], 80365),
    fires('S3 POST (80366)', [s3Access('REST.POST.UPLOADS', 200)], 80366, 2),
    misses('near miss of 80366: an upload part PUT', [s3Access('REST.PUT.PART', 200)], 80366),
    fires('S3 request error (80367)', [s3Access('REST.GET.OBJECT', 404, 'NoSuchKey')], 80367, 5),
    misses('near miss of 80367: error code "-"', [s3Access('REST.GET.OBJECT', 304)], 80367),
    fires('S3 access denied (80368)', [s3Access('REST.GET.OBJECT', 403, 'AccessDenied', '-', '198.51.100.23')], 80368, 5),
    misses('near miss of 80368: not found', [s3Access('REST.GET.OBJECT', 404, 'NoSuchKey')], 80368),
    fires('10 S3 access denied within a minute (80369)', [repeat(10, s3Access('REST.GET.OBJECT', 403, 'AccessDenied', '-', '198.51.100.23'))], 80369, 10),
    misses('near miss of 80369: 9 denials', [repeat(9, s3Access('REST.GET.OBJECT', 403, 'AccessDenied', '-', '198.51.100.23'))], 80369),
    misses('near miss of 80369: 10 denials with 2 different codes', [repeat(5, s3Access('REST.GET.OBJECT', 403, 'AccessDenied', '-', '198.51.100.23')), repeat(5, s3Access('REST.GET.OBJECT', 403, 'SignatureDoesNotMatch', '-', '198.51.100.23'))], 80369),
    fires('S3 invalid security (80370)', [s3Access('REST.GET.OBJECT', 403, 'InvalidSecurity', '-', '198.51.100.23')], 80370, 5),
    misses('near miss of 80370: access denied', [s3Access('REST.GET.OBJECT', 403, 'AccessDenied', '-', '198.51.100.23')], 80370),
    fires('10 S3 invalid security within a minute (80371)', [repeat(10, s3Access('REST.GET.OBJECT', 403, 'InvalidSecurity', '-', '198.51.100.23'))], 80371, 10),
    misses('near miss of 80371: 9 of them', [repeat(9, s3Access('REST.GET.OBJECT', 403, 'InvalidSecurity', '-', '198.51.100.23'))], 80371),

    fires('a WAF COUNT stays an event (80440)', [waf('COUNT')], 80440, 0),
    misses('near miss of 80440: an ALB record', [alb(200, GET)], 80440),
    fires('a WAF ALLOW is silenced (80441)', [waf('ALLOW')], 80441, 0),
    misses('near miss of 80441: a block', [waf('BLOCK')], 80441),
    fires('a WAF BLOCK (80442)', [waf('BLOCK')], 80442, 3),
    misses('near miss of 80442: an allow', [waf('ALLOW')], 80442),
    fires('8 WAF blocks of one client within 2 minutes (80443)', [repeat(8, waf('BLOCK'))], 80443, 10),
    misses('near miss of 80443: 8 blocks of 8 clients', Array.from({ length: 8 }, (_, i) => waf('BLOCK', `198.51.100.${30 + i}`)), 80443),

    fires('a Config change notification from EventBridge stays an event (80450)', [bucketMessage('config', { configurationItemDiff: { changeType: 'UPDATE' }, configurationItem: { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-0a1b2c3d4e5f60042', configurationItemStatus: 'OK' }, notificationCreationTime: iso(0), messageType: 'ConfigurationItemChangeNotification', recordVersion: '1.3' }, FIREHOSE('config-events'), CUSTOM_BUCKET)], 80450, 0),
    misses('near miss of 80450: a CloudTrail event', [call({ name: 'PutConfigRule', source: 'config.amazonaws.com', requestParameters: { configRule: { configRuleName: 'restricted-ssh' } } })], 80450),
    fires('a Config history item with a status no rule knows (80451)', [configItem(HISTORY_KEY, 'ResourceUpdated')], 80451, 0),
    misses('near miss of 80451: a snapshot item', [configItem(SNAPSHOT_KEY, 'ResourceUpdated', '')], 80451),
    fires('a Config snapshot item without a resource type (80452)', [configItem(SNAPSHOT_KEY, 'OK', '')], 80452, 0),
    misses('near miss of 80452: a history item', [configItem(HISTORY_KEY, 'ResourceUpdated')], 80452),
    fires('a Config history item recorded OK is silenced (80453)', [configItem(HISTORY_KEY, 'OK')], 80453, 0),
    misses('near miss of 80453: a discovered resource', [configItem(HISTORY_KEY, 'ResourceDiscovered')], 80453),
    fires('Config resource discovered (80454)', [configItem(HISTORY_KEY, 'ResourceDiscovered')], 80454, 3),
    misses('near miss of 80454: recorded OK', [configItem(HISTORY_KEY, 'OK')], 80454),
    fires('Config resource not recorded (80455)', [configItem(HISTORY_KEY, 'ResourceNotRecorded')], 80455, 3),
    misses('near miss of 80455: deleted, not recorded', [configItem(HISTORY_KEY, 'ResourceDeletedNotRecorded')], 80455),
    fires('Config resource deleted (80456)', [configItem(HISTORY_KEY, 'ResourceDeleted')], 80456, 3),
    misses('near miss of 80456: deleted, not recorded', [configItem(HISTORY_KEY, 'ResourceDeletedNotRecorded')], 80456),
    fires('Config resource deleted, not recorded (80457)', [configItem(HISTORY_KEY, 'ResourceDeletedNotRecorded')], 80457, 3),
    misses('near miss of 80457: deleted', [configItem(HISTORY_KEY, 'ResourceDeleted')], 80457),
    fires('Config snapshot item (80475)', [configItem(SNAPSHOT_KEY, 'OK')], 80475, 3),
    misses('near miss of 80475: the same item in a history file', [configItem(HISTORY_KEY, 'OK')], 80475),
    fires('Config non-compliant resource (80476)', [compliance('NON_COMPLIANT')], 80476, 6),
    misses('near miss of 80476: compliant', [compliance('COMPLIANT')], 80476),

    fires('a Trusted Advisor status no rule knows stays an event (80480)', [trustedAdvisor('NOT_AVAILABLE')], 80480, 0),
    misses('near miss of 80480: a KMS event', [kmsCall(KMS_USER)], 80480),
    fires('Trusted Advisor ERROR (80481)', [trustedAdvisor('ERROR')], 80481, 5),
    misses('near miss of 80481: WARN', [trustedAdvisor('WARN')], 80481),
    fires('Trusted Advisor WARN (80482)', [trustedAdvisor('WARN')], 80482, 4),
    misses('near miss of 80482: OK', [trustedAdvisor('OK')], 80482),
    fires('Trusted Advisor OK (80483)', [trustedAdvisor('OK')], 80483, 3),
    misses('near miss of 80483: ERROR', [trustedAdvisor('ERROR')], 80483),

    fires('a KMS key rotation event stays an event (80490)', [bucketMessage('kms', { 'key-id': '7c2f1a4e-5b3d-4e8f-9a61-2d0c8b7e5f13' }, FIREHOSE('kms-events'), CUSTOM_BUCKET)], 80490, 0),
    misses('near miss of 80490: a Trusted Advisor event', [trustedAdvisor('OK')], 80490),
    fires('KMS call by a role (80491)', [kmsCall(KMS_ROLE)], 80491, 3),
    misses('near miss of 80491: a call by AWS itself', [kmsCall({ type: 'AWSService', invokedBy: 'AWS Internal' })], 80491),
    fires('KMS call by a user (80492)', [kmsCall(KMS_USER)], 80492, 3),
    misses('near miss of 80492: a call by a role', [kmsCall(KMS_ROLE)], 80492),
    fires('KMS call by AWS itself is silenced (80493)', [kmsCall({ type: 'AWSService', invokedBy: 'AWS Internal' })], 80493, 0),
    misses('near miss of 80493: a call by a role', [kmsCall(KMS_ROLE)], 80493),
    fires('KMS call made by S3 for a user is silenced (80494)', [kmsCall({ ...KMS_USER, invokedBy: 's3.amazonaws.com' })], 80494, 0),
    misses('near miss of 80494: a call by the user', [kmsCall(KMS_USER)], 80494),

    fires('an Inspector Classic finding of undefined severity stays an event (80495)', [inspector('Undefined')], 80495, 0),
    misses('near miss of 80495: a GuardDuty finding', [guardDuty(5, 'UnauthorizedAccess:EC2/SSHBruteForce', CONNECTION)], 80495),
    fires('Inspector HIGH (80496)', [inspector('HIGH')], 80496, 10),
    misses('near miss of 80496: MEDIUM', [inspector('MEDIUM')], 80496),
    fires('Inspector MEDIUM (80497)', [inspector('MEDIUM')], 80497, 7),
    misses('near miss of 80497: LOW', [inspector('LOW')], 80497),
    fires('Inspector LOW (80498)', [inspector('LOW')], 80498, 4),
    misses('near miss of 80498: INFORMATIONAL', [inspector('INFORMATIONAL')], 80498),
    fires('Inspector INFORMATIONAL (80499)', [inspector('INFORMATIONAL')], 80499, 3),
    fires('Inspector findings with aws.source inspector2 are read too (80499)', [inspector('INFORMATIONAL', 'inspector2')], 80499, 3),
    misses('near miss of 80499: LOW', [inspector('LOW')], 80499),
    fires('Inspector CRITICAL (80660)', [inspector('CRITICAL')], 80660, 12),
    misses('near miss of 80660: HIGH', [inspector('HIGH')], 80660),
    fires('Inspector UNTRIAGED (80661)', [inspector('UNTRIAGED')], 80661, 3),
    misses('near miss of 80661: INFORMATIONAL', [inspector('INFORMATIONAL')], 80661),
  ];
}
