/**
 * Builders of CloudTrail records in the shapes CloudTrail writes them, fields in CloudTrail's
 * order. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import { BROWSER_UA, type Actor } from './cast.ts';
import { isoSeconds } from './layout.ts';
import type { Rng } from './prng.ts';

type Json = Record<string, unknown>;

/** One CloudTrail record (an element of `Records`). */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: Json;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Json | null;
  responseElements: Json | null;
  additionalEventData?: Json;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: Json[];
  eventType: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  sharedEventID?: string;
  vpcEndpointId?: string;
  eventCategory: 'Management' | 'Data';
  tlsDetails?: Json;
  sessionCredentialFromConsole?: 'true';
}

/** What an API call is: who made it, when, where, and what it asked and got back. */
export interface ApiCallSpec {
  actor: Actor;
  /** Epoch milliseconds. */
  time: number;
  region: string;
  /** e.g. `ec2.amazonaws.com`. */
  source: string;
  name: string;
  requestParameters?: Json | null;
  responseElements?: Json | null;
  additionalEventData?: Json;
  errorCode?: string;
  errorMessage?: string;
  /** Defaults to true for Describe/List/Get/Head/Lookup calls. */
  readOnly?: boolean;
  resources?: Json[];
  /** Data events (S3 object reads) are not management events. */
  category?: 'Management' | 'Data';
  /** EC2 echoes the request id in `responseElements.requestId`; other services use their own. */
  requestID?: string;
  vpcEndpointId?: string;
  /** The service that made the call for the actor (`userIdentity.invokedBy`). */
  invokedBy?: string;
  eventVersion?: string;
}

const READ_ONLY = /^(Describe|List|Get|Head|Lookup|Decrypt|GenerateDataKey)/;

/** The `userIdentity` element for an actor at a time (`sessionContext` for sessions). */
export function userIdentity(actor: Actor, time: number, invokedBy?: string): Json {
  const attributes = { creationDate: isoSeconds(time - 37 * 60_000), mfaAuthenticated: actor.mfa === true ? 'true' : 'false' };
  switch (actor.type) {
    case 'AWSService':
      return { type: 'AWSService', invokedBy: actor.name };
    case 'Root':
      return { type: 'Root', principalId: actor.account, arn: `arn:aws:iam::${actor.account}:root`, accountId: actor.account, accessKeyId: actor.accessKeyId };
    case 'IAMUser': {
      const id: Json = { type: 'IAMUser', principalId: actor.principalId, arn: `arn:aws:iam::${actor.account}:user/${actor.name}`, accountId: actor.account, accessKeyId: actor.accessKeyId, userName: actor.name };
      if (actor.console === true) id.sessionContext = { attributes };
      return id;
    }
    case 'AssumedRole': {
      const session = actor.session ?? 'session';
      const id: Json = {
        type: 'AssumedRole',
        principalId: `${actor.principalId}:${session}`,
        arn: `arn:aws:sts::${actor.account}:assumed-role/${actor.name}/${session}`,
        accountId: actor.account,
        accessKeyId: actor.accessKeyId,
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: actor.principalId, arn: `arn:aws:iam::${actor.account}:role/${actor.name}`, accountId: actor.account, userName: actor.name },
          attributes,
        },
      };
      if (invokedBy !== undefined) id.invokedBy = invokedBy;
      return id;
    }
  }
}

/** The host a client names in TLS for a service endpoint in a region. */
function endpointHost(source: string, region: string): string {
  const service = source.replace('.amazonaws.com', '');
  if (service === 'iam') return 'iam.amazonaws.com';
  if (service === 'signin') return 'signin.aws.amazon.com';
  if (service === 'monitoring') return `monitoring.${region}.amazonaws.com`;
  return `${service}.${region}.amazonaws.com`;
}

/** A record of an API call (`eventType` AwsApiCall). */
export function apiCallRecord(rng: Rng, spec: ApiCallSpec): CloudTrailRecord {
  const { actor } = spec;
  const byService = actor.type === 'AWSService' || spec.invokedBy !== undefined;
  const eventID = rng.uuid();
  const record: CloudTrailRecord = {
    eventVersion: spec.eventVersion ?? (byService ? '1.08' : '1.09'),
    userIdentity: userIdentity(actor, spec.time, spec.invokedBy),
    eventTime: isoSeconds(spec.time),
    eventSource: spec.source,
    eventName: spec.name,
    awsRegion: spec.region,
    sourceIPAddress: spec.invokedBy ?? actor.sourceIp,
    userAgent: spec.invokedBy ?? actor.userAgent,
    ...(spec.errorCode !== undefined ? { errorCode: spec.errorCode } : {}),
    ...(spec.errorMessage !== undefined ? { errorMessage: spec.errorMessage } : {}),
    requestParameters: spec.requestParameters ?? null,
    responseElements: spec.responseElements ?? null,
    ...(spec.additionalEventData !== undefined ? { additionalEventData: spec.additionalEventData } : {}),
    requestID: spec.requestID ?? rng.uuid(),
    eventID,
    readOnly: spec.readOnly ?? READ_ONLY.test(spec.name),
    ...(spec.resources !== undefined ? { resources: spec.resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: spec.category !== 'Data',
    recipientAccountId: actor.account,
    ...(actor.type === 'AWSService' ? { sharedEventID: rng.uuid() } : {}),
    ...(spec.vpcEndpointId !== undefined ? { vpcEndpointId: spec.vpcEndpointId } : {}),
    eventCategory: spec.category ?? 'Management',
  };
  if (!byService) {
    record.tlsDetails = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: endpointHost(spec.source, spec.region) };
  }
  if (actor.console === true && !byService) record.sessionCredentialFromConsole = 'true';
  return record;
}

/** What a console sign-in is. */
export interface ConsoleLoginSpec {
  actor: Actor;
  time: number;
  success: boolean;
  /** Defaults to the actor's MFA setting; failures always report `No`. */
  mfa?: boolean;
  sourceIp?: string;
}

/**
 * A `ConsoleLogin` record (`eventType` AwsConsoleSignIn). A failed IAM-user sign-in carries no
 * `arn`, as CloudTrail writes it.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
export function consoleLoginRecord(rng: Rng, spec: ConsoleLoginSpec): CloudTrailRecord {
  const { actor } = spec;
  const mfa = spec.success && (spec.mfa ?? actor.mfa === true);
  const identity: Json = actor.type === 'Root'
    ? { type: 'Root', principalId: actor.account, arn: `arn:aws:iam::${actor.account}:root`, accountId: actor.account, accessKeyId: '' }
    : spec.success
      ? { type: 'IAMUser', principalId: actor.principalId, arn: `arn:aws:iam::${actor.account}:user/${actor.name}`, accountId: actor.account, accessKeyId: '', userName: actor.name }
      : { type: 'IAMUser', principalId: actor.principalId, accountId: actor.account, accessKeyId: '', userName: actor.name };
  const additional: Json = {
    LoginTo: 'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_d8e0c2a1b3f49c57',
    MobileVersion: 'No',
    MFAUsed: mfa ? 'Yes' : 'No',
  };
  if (mfa) {
    additional.MFAIdentifier = actor.type === 'Root' ? `arn:aws:iam::${actor.account}:mfa/root-account-mfa-device` : `arn:aws:iam::${actor.account}:mfa/${actor.name}`;
  }
  return {
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: isoSeconds(spec.time),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: spec.sourceIp ?? actor.sourceIp,
    userAgent: BROWSER_UA,
    ...(spec.success ? {} : { errorMessage: 'Failed authentication' }),
    requestParameters: null,
    responseElements: { ConsoleLogin: spec.success ? 'Success' : 'Failure' },
    additionalEventData: additional,
    eventID: rng.uuid(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: actor.account,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'signin.aws.amazon.com' },
  };
}
