/** Cases of awsmon's CloudTrail detections (0355-aws-cloudtrail-threats_rules.xml, 80500-80599). */
import { CAST } from '../../src/demo/index.ts';
import { fires, misses, type RuleCase } from './model.ts';
import { BOB_CONSOLE, call, INTRUDER, login, ROOT, SECOND, type CallSpec, type Message } from './messages.ts';

const IAM = 'iam.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';
const S3 = 's3.amazonaws.com';
const TRAIL = 'cloudtrail.amazonaws.com';
const GD = 'guardduty.amazonaws.com';
const CONFIG = 'config.amazonaws.com';
const KMS = 'kms.amazonaws.com';
const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events';
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/7c2f1a4e-5b3d-4e8f-9a61-2d0c8b7e5f13';

/** A failed variant of a call: the same request, denied. */
function denied(spec: CallSpec): Message {
  return call({ ...spec, errorCode: 'AccessDenied', errorMessage: `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: ${spec.name}`, responseElements: null });
}

const ingress = (permissions: unknown): CallSpec => ({ name: 'AuthorizeSecurityGroupIngress', source: EC2, requestParameters: { groupId: 'sg-0a1b2c3d4e5f60042', ipPermissions: { items: permissions } }, responseElements: { requestId: 'c1a9e0f2-7d4b-4e31-9a55-0b8c2d6e4f10', _return: true } });
const permission = (protocol: string, from: number, to: number, v4: string[], v6: string[] = []) => ({
  ipProtocol: protocol, fromPort: from, toPort: to, groups: {},
  ipRanges: v4.length > 0 ? { items: v4.map((cidrIp) => ({ cidrIp })) } : {},
  ipv6Ranges: v6.length > 0 ? { items: v6.map((cidrIpv6) => ({ cidrIpv6 })) } : {},
  prefixListIds: {},
});
const policy = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const putPolicy = (statements: unknown[]): CallSpec => ({ name: 'PutBucketPolicy', source: S3, requestParameters: { bucketPolicy: policy(statements), bucketName: 'acme-prod-assets', Host: 'acme-prod-assets.s3.us-east-1.amazonaws.com', policy: '' } });
const readStatement = (principal: unknown) => ({ Sid: 'Read', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-prod-assets/*' });
const grant = (uri: string) => ({ Grantee: { 'xsi:type': 'Group', URI: uri }, Permission: 'READ' });
const OWNER_GRANT = { Grantee: { 'xsi:type': 'CanonicalUser', ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, Permission: 'FULL_CONTROL' };
const putAcl = (grants: unknown): CallSpec => ({
  name: 'PutBucketAcl', source: S3,
  requestParameters: { bucketName: 'acme-prod-assets', Host: 'acme-prod-assets.s3.us-east-1.amazonaws.com', acl: [''], AccessControlPolicy: { AccessControlList: { Grant: grants }, xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', Owner: { ID: OWNER_GRANT.Grantee.ID } } },
});
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

interface Detection {
  id: number;
  level: number;
  what: string;
  hit: CallSpec;
  near: CallSpec;
  nearWhy: string;
}

/** Detections tested with one call that fires and one close call that must not. */
const DETECTIONS: Detection[] = [
  { id: 80500, level: 12, what: 'CloudTrail logging stopped', hit: { name: 'StopLogging', source: TRAIL, requestParameters: { name: TRAIL_ARN } }, near: { name: 'StartLogging', source: TRAIL, requestParameters: { name: TRAIL_ARN } }, nearWhy: 'logging started' },
  { id: 80501, level: 12, what: 'trail deleted', hit: { name: 'DeleteTrail', source: TRAIL, requestParameters: { name: TRAIL_ARN } }, near: { name: 'CreateTrail', source: TRAIL, requestParameters: { name: 'audit', s3BucketName: 'acme-cloudtrail' } }, nearWhy: 'trail created' },
  { id: 80502, level: 8, what: 'trail updated', hit: { name: 'UpdateTrail', source: TRAIL, requestParameters: { name: TRAIL_ARN, isMultiRegionTrail: false } }, near: { name: 'DescribeTrails', source: TRAIL, requestParameters: { trailNameList: [] } }, nearWhy: 'trails described' },
  { id: 80503, level: 8, what: 'event selectors changed', hit: { name: 'PutEventSelectors', source: TRAIL, requestParameters: { trailName: TRAIL_ARN, eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }] } }, near: { name: 'GetEventSelectors', source: TRAIL, requestParameters: { trailName: TRAIL_ARN } }, nearWhy: 'selectors read' },
  { id: 80504, level: 10, what: 'CloudTrail Lake ingestion stopped', hit: { name: 'StopEventDataStoreIngestion', source: TRAIL, requestParameters: { eventDataStore: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' } }, near: { name: 'StartEventDataStoreIngestion', source: TRAIL, requestParameters: { eventDataStore: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' } }, nearWhy: 'ingestion started' },
  { id: 80505, level: 12, what: 'GuardDuty detector deleted', hit: { name: 'DeleteDetector', source: GD, requestParameters: { detectorId: DETECTOR } }, near: { name: 'DeleteDetector', source: 'aiops.amazonaws.com', requestParameters: { detectorId: 'x' } }, nearWhy: 'a DeleteDetector of another service' },
  { id: 80506, level: 10, what: 'GuardDuty detector disabled', hit: { name: 'UpdateDetector', source: GD, requestParameters: { detectorId: DETECTOR, enable: false } }, near: { name: 'UpdateDetector', source: GD, requestParameters: { detectorId: DETECTOR, enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' } }, nearWhy: 'detector kept enabled' },
  { id: 80507, level: 8, what: 'GuardDuty trusted IP list', hit: { name: 'CreateIPSet', source: GD, requestParameters: { detectorId: DETECTOR, name: 'office', format: 'TXT', location: 'https://s3.amazonaws.com/acme-sec/trusted.txt', activate: true } }, near: { name: 'CreateIPSet', source: 'wafv2.amazonaws.com', requestParameters: { name: 'blocklist', scope: 'REGIONAL', iPAddressVersion: 'IPV4' } }, nearWhy: 'a WAF IP set' },
  { id: 80508, level: 10, what: 'Config recorder stopped', hit: { name: 'StopConfigurationRecorder', source: CONFIG, requestParameters: { configurationRecorderName: 'default' } }, near: { name: 'StartConfigurationRecorder', source: CONFIG, requestParameters: { configurationRecorderName: 'default' } }, nearWhy: 'recorder started' },
  { id: 80509, level: 10, what: 'Config delivery channel deleted', hit: { name: 'DeleteDeliveryChannel', source: CONFIG, requestParameters: { deliveryChannelName: 'default' } }, near: { name: 'PutDeliveryChannel', source: CONFIG, requestParameters: { deliveryChannel: { name: 'default', s3BucketName: 'acme-config' } } }, nearWhy: 'delivery channel set' },
  { id: 80510, level: 8, what: 'flow logs deleted', hit: { name: 'DeleteFlowLogs', source: EC2, requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: 'fl-0a1b2c3d4e5f60718' } } } }, near: { name: 'CreateFlowLogs', source: EC2, requestParameters: { CreateFlowLogsRequest: { ResourceId: { tag: 1, content: 'vpc-0a1b2c3d4e5f60700' }, TrafficType: 'ALL' } } }, nearWhy: 'flow logs created' },
  { id: 80511, level: 10, what: 'Security Hub disabled', hit: { name: 'DisableSecurityHub', source: 'securityhub.amazonaws.com', requestParameters: null }, near: { name: 'BatchDisableStandards', source: 'securityhub.amazonaws.com', requestParameters: { standardsSubscriptionArns: ['arn:aws:securityhub:us-east-1:111122223333:subscription/pci-dss/v/3.2.1'] } }, nearWhy: 'a standard disabled' },
  { id: 80512, level: 6, what: 'log group deleted', hit: { name: 'DeleteLogGroup', source: 'logs.amazonaws.com', requestParameters: { logGroupName: '/aws/lambda/order-events-consumer' } }, near: { name: 'DeleteLogStream', source: 'logs.amazonaws.com', requestParameters: { logGroupName: '/aws/lambda/order-events-consumer', logStreamName: '2024/05/01/[$LATEST]0a1b' } }, nearWhy: 'only a stream deleted' },
  { id: 80513, level: 5, what: 'alarms deleted', hit: { name: 'DeleteAlarms', source: 'monitoring.amazonaws.com', requestParameters: { alarmNames: ['root-login'] } }, near: { name: 'DeleteDashboards', source: 'monitoring.amazonaws.com', requestParameters: { dashboardNames: ['ops'] } }, nearWhy: 'a dashboard deleted' },

  { id: 80525, level: 5, what: 'IAM user created', hit: { name: 'CreateUser', source: IAM, requestParameters: { userName: 'svc-report' } }, near: { name: 'CreateGroup', source: IAM, requestParameters: { groupName: 'reporting' } }, nearWhy: 'a group created' },
  { id: 80526, level: 8, what: 'access key created for a named user', hit: { name: 'CreateAccessKey', source: IAM, requestParameters: { userName: 'svc-report' } }, near: { name: 'CreateAccessKey', source: IAM, requestParameters: null }, nearWhy: 'a user creating their own key' },
  { id: 80527, level: 8, what: 'console password set', hit: { name: 'CreateLoginProfile', source: IAM, requestParameters: { userName: 'svc-report', passwordResetRequired: false } }, near: { name: 'ChangePassword', source: IAM, requestParameters: null }, nearWhy: 'a user changing their own password' },
  { id: 80528, level: 12, what: 'admin policy attached to a user', hit: { name: 'AttachUserPolicy', source: IAM, requestParameters: { userName: 'svc-report', policyArn: ADMIN } }, near: { name: 'AttachUserPolicy', source: IAM, requestParameters: { userName: 'svc-report', policyArn: READONLY } }, nearWhy: 'a read-only policy' },
  { id: 80529, level: 12, what: 'admin policy attached to a role', hit: { name: 'AttachRolePolicy', source: IAM, requestParameters: { roleName: 'ci-deploy', policyArn: ADMIN } }, near: { name: 'AttachRolePolicy', source: IAM, requestParameters: { roleName: 'ci-deploy', policyArn: READONLY } }, nearWhy: 'a read-only policy' },
  { id: 80530, level: 12, what: 'admin policy attached to a group', hit: { name: 'AttachGroupPolicy', source: IAM, requestParameters: { groupName: 'ops', policyArn: ADMIN } }, near: { name: 'AttachGroupPolicy', source: IAM, requestParameters: { groupName: 'ops', policyArn: 'arn:aws:iam::111122223333:policy/AdministratorAccessReview' } }, nearWhy: 'a policy whose name only starts like AdministratorAccess' },
  { id: 80531, level: 12, what: 'inline policy allowing every action', hit: { name: 'PutUserPolicy', source: IAM, requestParameters: { userName: 'svc-report', policyName: 'all', policyDocument: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]\n}' } }, near: { name: 'PutUserPolicy', source: IAM, requestParameters: { userName: 'svc-report', policyName: 'read', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' } }, nearWhy: 'every S3 action only' },
  { id: 80532, level: 8, what: 'role trust policy changed', hit: { name: 'UpdateAssumeRolePolicy', source: IAM, requestParameters: { roleName: 'ci-deploy', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}' } }, near: { name: 'UpdateRole', source: IAM, requestParameters: { roleName: 'ci-deploy', maxSessionDuration: 7200 } }, nearWhy: 'role settings updated' },
  { id: 80533, level: 6, what: 'default policy version set', hit: { name: 'SetDefaultPolicyVersion', source: IAM, requestParameters: { policyArn: 'arn:aws:iam::111122223333:policy/deploy', versionId: 'v2' } }, near: { name: 'DeletePolicyVersion', source: IAM, requestParameters: { policyArn: 'arn:aws:iam::111122223333:policy/deploy', versionId: 'v1' } }, nearWhy: 'a version deleted' },
  { id: 80534, level: 6, what: 'new default policy version', hit: { name: 'CreatePolicyVersion', source: IAM, requestParameters: { policyArn: 'arn:aws:iam::111122223333:policy/deploy', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}', setAsDefault: true } }, near: { name: 'CreatePolicyVersion', source: IAM, requestParameters: { policyArn: 'arn:aws:iam::111122223333:policy/deploy', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}', setAsDefault: false } }, nearWhy: 'a version not made default' },
  { id: 80535, level: 8, what: 'MFA device deactivated', hit: { name: 'DeactivateMFADevice', source: IAM, requestParameters: { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' } }, near: { name: 'EnableMFADevice', source: IAM, requestParameters: { userName: 'bob', serialNumber: 'arn:aws:iam::111122223333:mfa/bob' } }, nearWhy: 'an MFA device enabled' },
  { id: 80536, level: 10, what: 'SAML provider created', hit: { name: 'CreateSAMLProvider', source: IAM, requestParameters: { name: 'okta', sAMLMetadataDocument: '<md:EntityDescriptor/>' } }, near: { name: 'DeleteSAMLProvider', source: IAM, requestParameters: { sAMLProviderArn: 'arn:aws:iam::111122223333:saml-provider/okta' } }, nearWhy: 'a provider deleted' },
  { id: 80537, level: 8, what: 'password policy deleted', hit: { name: 'DeleteAccountPasswordPolicy', source: IAM, requestParameters: null }, near: { name: 'UpdateAccountPasswordPolicy', source: IAM, requestParameters: { minimumPasswordLength: 14, requireSymbols: true } }, nearWhy: 'the policy updated' },

  { id: 80540, level: 10, what: 'SSH opened to 0.0.0.0/0', hit: ingress([permission('tcp', 22, 22, ['0.0.0.0/0'])]), near: ingress([permission('tcp', 22, 22, ['10.0.0.0/8'])]), nearWhy: 'SSH opened to the VPC only' },
  { id: 80541, level: 10, what: 'RDP opened to ::/0', hit: ingress([permission('tcp', 3389, 3389, [], ['::/0'])]), near: ingress([permission('tcp', 3389, 3389, [], ['2001:db8::/32'])]), nearWhy: 'RDP opened to one IPv6 prefix' },
  { id: 80542, level: 10, what: 'all traffic opened to 0.0.0.0/0', hit: ingress([{ ipProtocol: '-1', groups: {}, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] }, ipv6Ranges: {}, prefixListIds: {} }]), near: ingress([{ ipProtocol: '-1', groups: {}, ipRanges: { items: [{ cidrIp: '10.0.0.0/16' }] }, ipv6Ranges: {}, prefixListIds: {} }]), nearWhy: 'all traffic from the VPC only' },
  { id: 80543, level: 10, what: 'all traffic opened to ::/0', hit: ingress([{ ipProtocol: '-1', groups: {}, ipRanges: {}, ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] }, prefixListIds: {} }]), near: ingress([{ ipProtocol: '-1', groups: {}, ipRanges: {}, ipv6Ranges: { items: [{ cidrIpv6: '2001:db8::/32' }] }, prefixListIds: {} }]), nearWhy: 'all traffic from one IPv6 prefix' },
  { id: 80544, level: 5, what: 'HTTPS opened to 0.0.0.0/0', hit: ingress([permission('tcp', 443, 443, ['0.0.0.0/0'])]), near: ingress([permission('tcp', 443, 443, ['203.0.113.0/24'])]), nearWhy: 'HTTPS opened to one network' },
  { id: 80545, level: 5, what: 'HTTPS opened to ::/0', hit: ingress([permission('tcp', 443, 443, [], ['::/0'])]), near: ingress([permission('tcp', 443, 443, [], ['2001:db8:1::/48'])]), nearWhy: 'HTTPS opened to one IPv6 prefix' },
  { id: 80546, level: 8, what: 'several permissions, one to the world', hit: ingress([permission('tcp', 443, 443, ['10.0.0.0/8']), permission('tcp', 22, 22, ['0.0.0.0/0'])]), near: ingress([permission('tcp', 443, 443, ['10.0.0.0/8']), permission('tcp', 22, 22, ['10.0.0.0/8'])]), nearWhy: 'several permissions, all internal' },
  { id: 80549, level: 6, what: 'network ACL allows everything inbound', hit: { name: 'CreateNetworkAclEntry', source: EC2, requestParameters: { networkAclId: 'acl-0a1b2c3d4e5f60001', ruleNumber: 90, egress: false, ruleAction: 'allow', aclProtocol: '-1', cidrBlock: '0.0.0.0/0' } }, near: { name: 'CreateNetworkAclEntry', source: EC2, requestParameters: { networkAclId: 'acl-0a1b2c3d4e5f60001', ruleNumber: 90, egress: false, ruleAction: 'deny', aclProtocol: '-1', cidrBlock: '0.0.0.0/0' } }, nearWhy: 'a deny entry' },
  { id: 80550, level: 5, what: 'VPC created', hit: { name: 'CreateVpc', source: EC2, requestParameters: { cidrBlock: '10.40.0.0/16', instanceTenancy: 'default', amazonProvidedIpv6CidrBlock: false }, responseElements: { requestId: 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f', vpc: { vpcId: 'vpc-0f1e2d3c4b5a69788', state: 'pending', cidrBlock: '10.40.0.0/16' } } }, near: { name: 'DeleteVpc', source: EC2, requestParameters: { vpcId: 'vpc-0f1e2d3c4b5a69788' } }, nearWhy: 'a VPC deleted' },
  { id: 80552, level: 12, what: 'snapshot made public', hit: { name: 'ModifySnapshotAttribute', source: EC2, requestParameters: { snapshotId: 'snap-0a1b2c3d4e5f60123', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } } }, near: { name: 'ModifySnapshotAttribute', source: EC2, requestParameters: { snapshotId: 'snap-0a1b2c3d4e5f60123', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { remove: { items: [{ group: 'all' }] } } } }, nearWhy: 'public access removed' },
  { id: 80553, level: 8, what: 'snapshot shared with an account', hit: { name: 'ModifySnapshotAttribute', source: EC2, requestParameters: { snapshotId: 'snap-0a1b2c3d4e5f60123', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ userId: '999988887777' }] } } } }, near: { name: 'ModifySnapshotAttribute', source: EC2, requestParameters: { snapshotId: 'snap-0a1b2c3d4e5f60123', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { remove: { items: [{ userId: '999988887777' }] } } } }, nearWhy: 'sharing removed' },
  { id: 80554, level: 12, what: 'image made public', hit: { name: 'ModifyImageAttribute', source: EC2, requestParameters: { imageId: 'ami-0a1b2c3d4e5f60123', launchPermission: { add: { items: [{ group: 'all' }] } }, attributeType: 'launchPermission' } }, near: { name: 'ModifyImageAttribute', source: EC2, requestParameters: { imageId: 'ami-0a1b2c3d4e5f60123', description: { value: 'golden image' } } }, nearWhy: 'the description changed' },
  { id: 80555, level: 8, what: 'image shared with an account', hit: { name: 'ModifyImageAttribute', source: EC2, requestParameters: { imageId: 'ami-0a1b2c3d4e5f60123', launchPermission: { add: { items: [{ userId: '999988887777' }] } }, attributeType: 'launchPermission' } }, near: { name: 'ModifyImageAttribute', source: EC2, requestParameters: { imageId: 'ami-0a1b2c3d4e5f60123', launchPermission: { remove: { items: [{ userId: '999988887777' }] } }, attributeType: 'launchPermission' } }, nearWhy: 'sharing removed' },
  { id: 80556, level: 12, what: 'RDS snapshot made public', hit: { name: 'ModifyDBSnapshotAttribute', source: 'rds.amazonaws.com', requestParameters: { dBSnapshotIdentifier: 'orders-2024-05-01', attributeName: 'restore', valuesToAdd: ['all'] } }, near: { name: 'ModifyDBSnapshotAttribute', source: 'rds.amazonaws.com', requestParameters: { dBSnapshotIdentifier: 'orders-2024-05-01', attributeName: 'restore', valuesToAdd: ['999988887777'] } }, nearWhy: 'shared with one account' },

  { id: 80560, level: 10, what: 'bucket ACL grants AllUsers', hit: putAcl([OWNER_GRANT, grant(ALL_USERS)]), near: putAcl([OWNER_GRANT, grant(LOG_DELIVERY)]), nearWhy: 'a grant to the log delivery group' },
  { id: 80561, level: 10, what: 'bucket ACL with a single AllUsers grant', hit: putAcl([grant(ALL_USERS)]), near: putAcl([OWNER_GRANT]), nearWhy: 'the owner grant only' },
  { id: 80562, level: 10, what: 'public-read canned ACL', hit: { name: 'PutBucketAcl', source: S3, requestParameters: { bucketName: 'acme-prod-assets', Host: 'acme-prod-assets.s3.us-east-1.amazonaws.com', acl: [''], 'x-amz-acl': ['public-read'] } }, near: { name: 'PutBucketAcl', source: S3, requestParameters: { bucketName: 'acme-prod-assets', Host: 'acme-prod-assets.s3.us-east-1.amazonaws.com', acl: [''], 'x-amz-acl': ['private'] } }, nearWhy: 'the private canned ACL' },
  { id: 80563, level: 10, what: 'bucket policy for Principal *', hit: putPolicy([readStatement('*')]), near: putPolicy([readStatement({ AWS: 'arn:aws:iam::999988887777:root' })]), nearWhy: 'a policy for one account' },
  { id: 80564, level: 10, what: 'bucket policy for Principal AWS *', hit: putPolicy([readStatement({ AWS: '*' })]), near: putPolicy([{ ...readStatement({ AWS: '*' }), Effect: 'Deny' }]), nearWhy: 'a Deny for everyone' },
  { id: 80565, level: 10, what: 'bucket policy statements, one for everyone', hit: putPolicy([readStatement({ Service: 'cloudfront.amazonaws.com' }), readStatement('*')]), near: putPolicy([readStatement({ Service: 'cloudfront.amazonaws.com' }), readStatement({ AWS: 'arn:aws:iam::999988887777:root' })]), nearWhy: 'statements for named principals' },
  { id: 80566, level: 10, what: 'public access block removed', hit: { name: 'DeleteBucketPublicAccessBlock', source: S3, requestParameters: { bucketName: 'acme-prod-assets', Host: 'acme-prod-assets.s3.us-east-1.amazonaws.com', publicAccessBlock: '' } }, near: { name: 'PutBucketPublicAccessBlock', source: S3, requestParameters: { bucketName: 'acme-prod-assets', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } }, nearWhy: 'the block set' },
  { id: 80567, level: 8, what: 'versioning suspended', hit: { name: 'PutBucketVersioning', source: S3, requestParameters: { bucketName: 'acme-prod-assets', VersioningConfiguration: { Status: 'Suspended', xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' }, versioning: '' } }, near: { name: 'PutBucketVersioning', source: S3, requestParameters: { bucketName: 'acme-prod-assets', VersioningConfiguration: { Status: 'Enabled', xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' }, versioning: '' } }, nearWhy: 'versioning enabled' },
  { id: 80568, level: 6, what: 'bucket deleted', hit: { name: 'DeleteBucket', source: S3, requestParameters: { bucketName: 'acme-old-exports', Host: 'acme-old-exports.s3.us-east-1.amazonaws.com' } }, near: { name: 'DeleteBucketCors', source: S3, requestParameters: { bucketName: 'acme-old-exports', cors: '' } }, nearWhy: 'only its CORS deleted' },
  { id: 80570, level: 12, what: 'KMS key scheduled for deletion', hit: { name: 'ScheduleKeyDeletion', source: KMS, requestParameters: { keyId: KEY_ARN, pendingWindowInDays: 7 }, responseElements: { keyId: KEY_ARN, deletionDate: 'May 9, 2024, 10:00:00 AM', keyState: 'PendingDeletion', pendingWindowInDays: 7 } }, near: { name: 'CancelKeyDeletion', source: KMS, requestParameters: { keyId: KEY_ARN } }, nearWhy: 'deletion cancelled' },
  { id: 80571, level: 10, what: 'KMS key disabled', hit: { name: 'DisableKey', source: KMS, requestParameters: { keyId: KEY_ARN } }, near: { name: 'DisableKeyRotation', source: KMS, requestParameters: { keyId: KEY_ARN } }, nearWhy: 'only rotation disabled' },
];

const SCRIPT_UA = '<script>alert(1)</script>';
const CLI_UA = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off';
const listBuckets = (userAgent: string): Message => call({ actor: { ...CAST.mallory, userAgent }, name: 'ListBuckets', source: S3, requestParameters: { Host: 's3.amazonaws.com' } });
const describe = (actor = INTRUDER, at = 0, errorCode = 'Client.UnauthorizedOperation'): Message => call({ actor, at, name: 'DescribeInstances', source: 'ec2.amazonaws.com', requestParameters: { instancesSet: {}, filterSet: {} }, errorCode, errorMessage: 'You are not authorized to perform this operation.' });
const createRole = (actor = INTRUDER, at = 0): Message => call({ actor, at, name: 'CreateRole', source: IAM, requestParameters: { roleName: 'backdoor', assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}' }, errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: iam:CreateRole' });
const subnet: CallSpec = { name: 'CreateSubnet', source: EC2, requestParameters: { vpcId: 'vpc-0a1b2c3d4e5f60700', cidrBlock: '10.0.9.0/24' } };
const failure = (at: number, sourceIp = '198.51.100.77'): Message => login({ actor: BOB_CONSOLE, success: false, sourceIp, at });

/** The cases. */
export function threatCases(): RuleCase[] {
  const out: RuleCase[] = [];
  for (const d of DETECTIONS) {
    out.push(fires(`${d.what} (${d.id})`, [call(d.hit)], d.id, d.level));
    out.push(misses(`near miss of ${d.id}: ${d.nearWhy}`, [call(d.near)], d.id));
  }
  out.push(
    fires('a world range among several ranges of one permission (80544)', [call(ingress([permission('tcp', 8080, 8080, ['10.0.0.0/8', '0.0.0.0/0'])]))], 80544, 5),
    fires('a world IPv6 range among several ranges of one permission (80545)', [call(ingress([permission('tcp', 8080, 8080, [], ['2001:db8::/32', '::/0'])]))], 80545, 5),
    fires('a watched action that was denied (80599)', [denied(DETECTIONS[0]!.hit)], 80599, 6),
    fires('a failed admin attachment is a failed attempt, not an attachment (80599)', [denied(DETECTIONS.find((d) => d.id === 80528)!.hit)], 80599, 6),
    misses('near miss of 80599: the watched action succeeded', [call(DETECTIONS[0]!.hit)], 80599),
    fires('VPC creation denied (80551)', [call({ name: 'CreateVpc', source: EC2, actor: CAST.bob, requestParameters: { cidrBlock: '10.30.0.0/16' }, errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' })], 80551, 7),
    misses('near miss of 80551: VPC creation failed for another reason', [call({ name: 'CreateVpc', source: EC2, requestParameters: { cidrBlock: '10.30.0.0/16' }, errorCode: 'VpcLimitExceeded', errorMessage: 'The maximum number of VPCs has been reached.' })], 80551),

    fires('root account API call (80520)', [call({ ...subnet, actor: ROOT })], 80520, 10),
    misses('near miss of 80520: a root console login is reported as a login', [login({ actor: ROOT, success: true })], 80520),
    fires('root console login (80521)', [login({ actor: ROOT, success: true })], 80521, 10),
    misses('near miss of 80521: a failed root login', [login({ actor: ROOT, success: false })], 80521),
    fires('root console login without MFA (80522)', [login({ actor: ROOT, success: true, mfa: false })], 80522, 12),
    misses('near miss of 80522: root login with MFA', [login({ actor: ROOT, success: true, mfa: true })], 80522),
    fires('console login without MFA (80523)', [login({ actor: BOB_CONSOLE, success: true, mfa: false, sourceIp: '203.0.113.45' })], 80523, 8),
    misses('near miss of 80523: console login with MFA', [login({ success: true })], 80523),
    fires('console login after 3 failures from the same address (80524)', [failure(0), failure(20 * SECOND), failure(40 * SECOND), login({ actor: BOB_CONSOLE, success: true, mfa: false, sourceIp: '198.51.100.77', at: 60 * SECOND })], 80524, 12),
    misses('near miss of 80524: the failures came from another address', [failure(0, '198.51.100.78'), failure(20 * SECOND, '198.51.100.78'), failure(40 * SECOND, '198.51.100.78'), login({ actor: BOB_CONSOLE, success: true, mfa: false, sourceIp: '198.51.100.77', at: 60 * SECOND })], 80524),

    fires('script markup in a user agent (80580)', [listBuckets(SCRIPT_UA)], 80580, 8),
    fires('an event handler in a user agent (80580)', [listBuckets('Mozilla/5.0 "><img src=x onerror=alert(2)>')], 80580, 8),
    misses('near miss of 80580: an SDK user agent naming JavaScript', [listBuckets('aws-sdk-js/3.540.0 ua/2.1 os/linux#6.5.0 lang/js md/nodejs#20.11.1 api/s3#3.540.0 javascript')], 80580),
    fires('call from a Kali Linux host (80581)', [listBuckets('aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off')], 80581, 8),
    misses('near miss of 80581: an Ubuntu host', [listBuckets(CLI_UA)], 80581),
    fires('a denied call outside the catalogue is remembered (80582)', [describe()], 80582, 2),
    misses('near miss of 80582: throttled, not denied', [describe(INTRUDER, 0, 'Client.RequestLimitExceeded')], 80582),
    fires('10 denied calls by one identity within 5 minutes (80583)', [...Array.from({ length: 5 }, (_, i) => describe(INTRUDER, i * 10 * SECOND)), ...Array.from({ length: 5 }, (_, i) => createRole(INTRUDER, (50 + i * 10) * SECOND))], 80583, 10),
    misses('near miss of 80583: 10 denials split between two identities', Array.from({ length: 10 }, (_, i) => describe(i % 2 === 0 ? INTRUDER : CAST.bob, i * 10 * SECOND)), 80583),
    fires('catalogued call in an unapproved region (80584)', [call({ ...subnet, region: 'ap-east-1' })], 80584, 6),
    misses('near miss of 80584: an approved region', [call({ ...subnet, region: 'eu-west-1' })], 80584),
  );
  return out;
}
