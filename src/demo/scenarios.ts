/**
 * The CloudTrail scenarios the shipped detections look for, at fixed times of the first two demo
 * days (see src/demo/README.md). Their content depends only on the seed, not on the date.
 */
import { CAST, DEV, IPS, PROD, rootActor } from './cast.ts';
import { apiCallRecord, consoleLoginRecord, type CloudTrailRecord } from './cloudtrail-records.ts';
import { awsDisplayDate, DAY } from './layout.ts';
import { createRng, type Rng } from './prng.ts';

/** A scenario record and the trail stream (account, region) that delivers it. */
export interface PlacedRecord {
  account: string;
  region: string;
  record: CloudTrailRecord;
}

/** `HH:MM:SS` into a day, in milliseconds. */
export function clock(hms: string): number {
  const [h = 0, m = 0, s = 0] = hms.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

/** Seconds after 14:30:00 of the middle day at which the brute-force sign-ins fail. */
export const BRUTE_FORCE_FAILURES = [5, 13, 19, 27, 34, 41, 49, 58, 66, 74, 81, 90, 99, 112];
/** The VPC the Terraform role creates. */
export const CREATED_VPC_ID = 'vpc-0c5e7a9d1f3b24680';
/** The IAM user alice creates and makes an administrator. */
export const CREATED_USER = 'svc-backup';
/** The markup planted for the dashboard's escaping tests. */
export const HOSTILE_TAG_VALUE = '"><img src=x onerror=alert(2)>';

function iamUserCreated(rng: Rng, day: number): PlacedRecord[] {
  const actor = CAST.alice;
  const arn = `arn:aws:iam::${PROD}:user/${CREATED_USER}`;
  const iam = { actor, region: 'us-east-1', source: 'iam.amazonaws.com' } as const;
  const created = day + clock('09:14:07');
  const keyAt = day + clock('09:14:52');
  return [
    apiCallRecord(rng, {
      ...iam, time: created, name: 'CreateUser', requestParameters: { userName: CREATED_USER },
      responseElements: { user: { path: '/', userName: CREATED_USER, userId: 'AIDAYRZ4EXAMPLESVCBK', arn, createDate: awsDisplayDate(created) } },
    }),
    apiCallRecord(rng, {
      ...iam, time: keyAt, name: 'CreateAccessKey', requestParameters: { userName: CREATED_USER },
      responseElements: { accessKey: { userName: CREATED_USER, accessKeyId: 'AKIAYRZ4EXAMPLESVCBK', status: 'Active', createDate: awsDisplayDate(keyAt) } },
    }),
    apiCallRecord(rng, {
      ...iam, time: day + clock('09:15:31'), name: 'AttachUserPolicy',
      requestParameters: { userName: CREATED_USER, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
  ].map((record) => ({ account: PROD, region: 'us-east-1', record }));
}

function vpcCreated(rng: Rng, day: number): PlacedRecord[] {
  const requestID = rng.uuid();
  const tags = [{ key: 'Name', value: 'payments-vpc' }];
  const record = apiCallRecord(rng, {
    actor: CAST.terraform, time: day + clock('10:02:33'), region: 'us-east-1', source: 'ec2.amazonaws.com', name: 'CreateVpc', requestID,
    requestParameters: { cidrBlock: '10.20.0.0/16', instanceTenancy: 'default', amazonProvidedIpv6CidrBlock: false, tagSpecificationSet: { items: [{ resourceType: 'vpc', tags }] } },
    responseElements: {
      requestId: requestID,
      vpc: {
        vpcId: CREATED_VPC_ID, state: 'pending', ownerId: PROD, cidrBlock: '10.20.0.0/16',
        cidrBlockAssociationSet: { items: [{ cidrBlock: '10.20.0.0/16', associationId: 'vpc-cidr-assoc-0e4b6a8c2d1f35790', cidrBlockState: { state: 'associated' } }] },
        ipv6CidrBlockAssociationSet: {}, dhcpOptionsId: 'dopt-0b3d5f7a9c1e24680', instanceTenancy: 'default', tagSet: { items: tags }, isDefault: false,
      },
    },
  });
  return [{ account: PROD, region: 'us-east-1', record }];
}

function vpcDenied(rng: Rng, day: number): PlacedRecord[] {
  const region = 'eu-west-1';
  const record = apiCallRecord(rng, {
    actor: CAST.bob, time: day + clock('10:41:18'), region, source: 'ec2.amazonaws.com', name: 'CreateVpc',
    errorCode: 'Client.UnauthorizedOperation',
    errorMessage: `You are not authorized to perform this operation. User: arn:aws:iam::${PROD}:user/bob is not authorized to perform: ec2:CreateVpc on resource: arn:aws:ec2:${region}:${PROD}:vpc/* because no identity-based policy allows the ec2:CreateVpc action. Encoded authorization failure message: ${rng.alnum(180)}`,
    requestParameters: { cidrBlock: '10.30.0.0/16', instanceTenancy: 'default', amazonProvidedIpv6CidrBlock: false },
  });
  return [{ account: PROD, region, record }];
}

function consoleLogins(rng: Rng, first: number, middle: number): PlacedRecord[] {
  const bobConsole = { ...CAST.bob, accessKeyId: '' };
  const records = [
    consoleLoginRecord(rng, { actor: CAST.aliceConsole, time: first + clock('08:58:12'), success: true }),
    consoleLoginRecord(rng, { actor: rootActor(DEV, IPS.rootAdmin), time: first + clock('16:05:40'), success: true }),
    consoleLoginRecord(rng, { actor: CAST.aliceConsole, time: middle + clock('08:55:03'), success: true }),
    consoleLoginRecord(rng, { actor: { ...CAST.carol, mfa: true }, time: middle + clock('13:20:45'), success: true }),
    ...BRUTE_FORCE_FAILURES.map((s) => consoleLoginRecord(rng, { actor: bobConsole, time: middle + clock('14:30:00') + s * 1000, success: false, sourceIp: IPS.bruteForce })),
    consoleLoginRecord(rng, { actor: bobConsole, time: middle + clock('14:32:21'), success: true, mfa: false, sourceIp: IPS.bruteForce }),
  ];
  return records.map((record) => ({ account: record.recipientAccountId, region: 'us-east-1', record }));
}

function hostileStrings(rng: Rng, day: number): PlacedRecord[] {
  const actor = CAST.mallory;
  return [
    { account: DEV, region: 'us-east-1', record: apiCallRecord(rng, { actor, time: day + clock('11:07:26'), region: 'us-east-1', source: 's3.amazonaws.com', name: 'ListBuckets', requestParameters: { Host: 's3.amazonaws.com' } }) },
    {
      account: DEV, region: 'eu-west-1',
      record: apiCallRecord(rng, {
        actor, time: day + clock('11:08:02'), region: 'eu-west-1', source: 'ec2.amazonaws.com', name: 'CreateTags',
        requestParameters: { resourcesSet: { items: [{ resourceId: 'i-0d4c3b2a19f8e7d60' }] }, tagSet: { items: [{ key: 'Name', value: HOSTILE_TAG_VALUE }] } },
        responseElements: { _return: true },
      }),
    },
  ];
}

/** Every scenario record, placed relative to the first demo day (`first`, 00:00 UTC). */
export function scenarioRecords(seed: number, first: number): PlacedRecord[] {
  const middle = first + DAY;
  const rng = (name: string): Rng => createRng(seed, 'scenario', name);
  return [
    ...iamUserCreated(rng('iam-user'), middle),
    ...vpcCreated(rng('vpc-created'), middle),
    ...vpcDenied(rng('vpc-denied'), middle),
    ...consoleLogins(rng('console-logins'), first, middle),
    ...hostileStrings(rng('hostile'), middle),
  ];
}
