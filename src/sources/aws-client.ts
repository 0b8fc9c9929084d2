import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuthOptions } from '../config/types.ts';
import type { Logger } from '../core/index.ts';
import { AssumeRoleFailure } from './source-error.ts';

/** Wazuh's boto3 retry configuration: standard mode, 10 attempts (reference §5). */
export const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_REGION = 'us-east-1';
/** Enough sockets for concurrent downloads; keep-alive saves a TLS handshake per object. */
const MAX_SOCKETS = 64;

/** The SDK's logger interface; its debug and info lines are dropped because they echo request payloads. */
interface SdkLogger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/** The SDK's retry modes; a profile's `legacy` (botocore's) is read as `standard`. */
export type RetryMode = 'standard' | 'adaptive';

/** Client configuration accepted by every SDK v3 client awsmon creates (S3, STS, EC2, ...). */
export interface AwsClientConfig {
  region: () => Promise<string>;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  forcePathStyle?: boolean;
  followRegionRedirects?: boolean;
  /** The given number, else the profile's `max_attempts`, else 10. */
  maxAttempts: () => Promise<number>;
  /** The profile's `retry_mode`, else standard. */
  retryMode: () => Promise<RetryMode>;
  requestHandler: NodeHttpHandler;
  logger?: SdkLogger;
}

/** Options of `awsClientConfig`. */
export interface AwsClientOptions {
  region?: string | undefined;
  /**
   * The configured regions of the bucket or service, used when neither `region` nor the profile
   * names one: a GovCloud or China region there selects that partition (a us-east-1 client cannot
   * reach it, not even through S3's region redirects).
   */
  regions?: readonly string[] | undefined;
  service?: string | undefined;
  maxAttempts?: number | undefined;
  logger?: Logger | undefined;
}

/** A keep-alive HTTP(S) handler; free sockets are unref'd by the agents so they never hold the process. */
export function createRequestHandler(): NodeHttpHandler {
  return new NodeHttpHandler({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    connectionTimeout: 10_000,
    requestTimeout: 120_000,
  });
}

function sdkLogger(logger: Logger): SdkLogger {
  const forward = (level: 'warn' | 'debug') => (...content: unknown[]) => {
    const [first] = content;
    if (typeof first === 'string') logger[level]({ component: 'aws-sdk' }, first);
    else logger[level]({ component: 'aws-sdk', detail: first }, 'AWS SDK message');
  };
  // A failed command is also thrown to awsmon, which reports it once as a SourceError.
  return { debug: () => undefined, info: () => undefined, warn: forward('warn'), error: forward('debug') };
}

/** What the configured profile (`default` without aws_profile) sets in the shared files. */
interface ProfileSettings {
  region?: string | undefined;
  maxAttempts?: number | undefined;
  retryMode?: RetryMode | undefined;
}

/** Reads the profile's region, max_attempts and retry_mode, config file first (as boto3 and the SDK). */
async function profileSettings(auth: AuthOptions): Promise<ProfileSettings> {
  const profile = auth.awsProfile ?? 'default';
  try {
    const files = await loadSharedConfigFiles({ filepath: auth.credentialsFile, configFilepath: auth.configFile });
    const read = (name: string) => files.configFile[profile]?.[name] ?? files.credentialsFile[profile]?.[name];
    const attempts = Number(read('max_attempts'));
    const mode = read('retry_mode');
    return {
      region: read('region'),
      maxAttempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : undefined,
      retryMode: mode === 'adaptive' ? 'adaptive' : mode === 'standard' || mode === 'legacy' ? 'standard' : undefined,
    };
  } catch {
    return {};
  }
}

/** The region the profile (`default` without aws_profile) names in the shared files, if any. */
export async function profileRegion(auth: AuthOptions): Promise<string | undefined> {
  return (await profileSettings(auth)).region;
}

/** The first GovCloud or China region of a list: clients must be in that partition to reach it. */
export function partitionRegion(regions: readonly string[] | undefined): string | undefined {
  return regions?.find((r) => r.startsWith('us-gov-') || r.startsWith('cn-'));
}

/** Region order: the given one, else the profile's, else a GovCloud/China region configured, else us-east-1 (Wazuh's boto3 default). */
function regionProvider(settings: () => Promise<ProfileSettings>, region: string | undefined, regions: readonly string[] | undefined): () => Promise<string> {
  let resolved: Promise<string> | undefined;
  return () => (resolved ??= region ? Promise.resolve(region) : settings().then((p) => p.region ?? partitionRegion(regions) ?? DEFAULT_REGION));
}

/**
 * Base credentials: keys (deprecated) → profile → the SDK default chain, as the Wazuh module. The
 * chain covers environment keys, web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), the
 * shared files, ECS/EKS container credentials and EC2 instance credentials. Roles the profile or
 * web identity assume go through `sts_endpoint` in the client's region.
 */
function baseCredentials(auth: AuthOptions, region: () => Promise<string>): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (auth.accessKey && auth.secretKey) return { accessKeyId: auth.accessKey, secretAccessKey: auth.secretKey };
  const clientConfig = { region, ...(auth.stsEndpoint ? { endpoint: auth.stsEndpoint } : {}) };
  if (auth.awsProfile) {
    return fromIni({ profile: auth.awsProfile, filepath: auth.credentialsFile, configFilepath: auth.configFile, clientConfig });
  }
  return fromNodeProviderChain({ filepath: auth.credentialsFile, configFilepath: auth.configFile, clientConfig });
}

/** Base credentials, exchanged for the role's temporary ones when `iamRoleArn` is set. */
function credentialsFor(auth: AuthOptions, region: () => Promise<string>, maxAttempts: () => Promise<number>): AwsCredentialIdentityProvider {
  const base = baseCredentials(auth, region);
  const roleArn = auth.iamRoleArn;
  if (!roleArn) return typeof base === 'function' ? base : () => Promise.resolve(base);
  const assume = fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: roleArn,
      RoleSessionName: 'awsmon',
      DurationSeconds: auth.iamRoleDuration,
      ExternalId: auth.externalId,
    },
    clientConfig: {
      region,
      maxAttempts,
      retryMode: 'standard',
      requestHandler: createRequestHandler(),
      ...(auth.stsEndpoint ? { endpoint: auth.stsEndpoint } : {}),
    },
  });
  return async (props) => {
    try {
      return await assume(props);
    } catch (err) {
      throw new AssumeRoleFailure(roleArn, err);
    }
  };
}

/**
 * SDK client configuration for one AWS service: credentials, role assumption, endpoint, region
 * and standard retries with backoff, shared by every client awsmon creates.
 */
export function awsClientConfig(auth: AuthOptions, options: AwsClientOptions = {}): AwsClientConfig {
  let settings: Promise<ProfileSettings> | undefined;
  const profile = () => (settings ??= profileSettings(auth));
  const given = options.maxAttempts;
  const maxAttempts = () => (given !== undefined ? Promise.resolve(given) : profile().then((p) => p.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const retryMode = () => profile().then((p) => p.retryMode ?? 'standard');
  const region = regionProvider(profile, options.region, options.regions);
  const endpoint = options.service === 'sts' ? auth.stsEndpoint : auth.serviceEndpoint;
  const config: AwsClientConfig = {
    region,
    credentials: credentialsFor(auth, region, maxAttempts),
    maxAttempts,
    retryMode,
    requestHandler: createRequestHandler(),
  };
  if (endpoint) config.endpoint = endpoint;
  if (options.service === 's3') {
    // A custom endpoint (VPC endpoint, MinIO, moto) rarely resolves virtual-host bucket names.
    if (endpoint) config.forcePathStyle = true;
    // Without a known bucket region, let the SDK follow S3's 301 to the bucket's region.
    else config.followRegionRedirects = true;
  }
  if (options.logger) config.logger = sdkLogger(options.logger);
  return config;
}
