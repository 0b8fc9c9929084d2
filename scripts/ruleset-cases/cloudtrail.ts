/** Cases of the CloudTrail family that keeps Wazuh's ids (80200-80255). */
import { CAST } from '../../src/demo/index.ts';
import { fires, misses, repeat, type RuleCase } from './model.ts';
import { BOB_CONSOLE, call, login, MINUTE, SECOND } from './messages.ts';

const EC2 = 'ec2.amazonaws.com';
const subnet = { name: 'CreateSubnet', source: EC2, requestParameters: { vpcId: 'vpc-0a1b2c3d4e5f60700', cidrBlock: '10.0.9.0/24', availabilityZone: 'us-east-1a' } };
const deleteObjects = (at: number) => call({
  at, name: 'DeleteObjects', source: 's3.amazonaws.com', category: 'Data', actor: CAST.bob,
  requestParameters: { bucketName: 'acme-prod-assets', Host: 'acme-prod-assets.s3.us-east-1.amazonaws.com', delete: '' },
});
const failure = (at: number, sourceIp = '198.51.100.77') => login({ actor: BOB_CONSOLE, success: false, sourceIp, at });

/** The cases. */
export function cloudTrailCases(): RuleCase[] {
  return [
    fires('an event name outside the catalogue stays an event (80200)', [call({ name: 'DescribeInstances', source: EC2, requestParameters: { instancesSet: {}, filterSet: {} } })], 80200, 0),
    misses('a message that is not from the AWS integration is not 80200', [{ integration: 'gcp', gcp: { resource: { type: 'gce_instance' } } }], 80200),

    fires('a catalogued event name is alerted (80202)', [call(subnet)], 80202, 3),
    misses('a read-only call is not in the catalogue', [call({ name: 'DescribeSubnets', source: EC2, requestParameters: { subnetSet: {}, filterSet: {} } })], 80202),

    fires('a catalogued call that failed (80203)', [call({ ...subnet, errorCode: 'Client.InvalidSubnet.Range', errorMessage: 'The CIDR 10.0.9.0/24 is invalid.' })], 80203, 4),
    misses('a catalogued call that succeeded is not an error', [call(subnet)], 80203),

    fires('a catalogued call denied with AccessDenied (80250)', [call({ name: 'CreateGroup', source: 'iam.amazonaws.com', requestParameters: { groupName: 'ops' }, errorCode: 'AccessDenied', errorMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateGroup' })], 80250, 5),
    fires('EC2 reports a denial as Client.UnauthorizedOperation (80250)', [call({ ...subnet, errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' })], 80250, 5),
    misses('another error code is not a denial', [call({ ...subnet, errorCode: 'Client.InvalidSubnet.Range', errorMessage: 'The CIDR 10.0.9.0/24 is invalid.' })], 80250),

    fires('DeleteObjects is in the catalogue (80251)', [deleteObjects(0)], 80251, 3),
    misses('a single-object DeleteObject is not DeleteObjects', [call({ name: 'DeleteObject', source: 's3.amazonaws.com', category: 'Data', requestParameters: { bucketName: 'acme-prod-assets', key: 'a.txt' } })], 80251),

    fires('22 DeleteObjects within 10 minutes (80252)', Array.from({ length: 22 }, (_, i) => deleteObjects(i * 20 * SECOND)), 80252, 10),
    misses('21 DeleteObjects are not a mass deletion', Array.from({ length: 21 }, (_, i) => deleteObjects(i * 20 * SECOND)), 80252),
    misses('22 DeleteObjects spread over 20 minutes are not a mass deletion', Array.from({ length: 22 }, (_, i) => deleteObjects(i * MINUTE)), 80252),

    fires('console login with MFA (80253)', [login({ success: true })], 80253, 3),
    misses('an MFA check is not a console login', [call({ name: 'CheckMfa', source: 'signin.amazonaws.com', eventVersion: '1.08', requestParameters: null })], 80253),

    fires('console login failure (80254)', [failure(0)], 80254, 5),
    misses('a successful console login is not a failure', [login({ success: true })], 80254),

    fires('6 console login failures within 6 minutes (80255)', Array.from({ length: 6 }, (_, i) => failure(i * 30 * SECOND)), 80255, 10),
    fires('6 failures from different addresses are a brute force too (80255)', Array.from({ length: 6 }, (_, i) => failure(i * 30 * SECOND, `198.51.100.${70 + i}`)), 80255, 10),
    misses('5 console login failures are not a brute force', [repeat(5, failure(0))], 80255),
    misses('6 console login failures over 15 minutes are not a brute force', Array.from({ length: 6 }, (_, i) => failure(i * 3 * MINUTE)), 80255),
  ];
}
