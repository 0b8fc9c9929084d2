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

/** Client configuration accepted by every SDK v3 client awsmon creates (S3, STS, EC2, ...). */
export interface AwsClientConfig {
  region: () => Promise<string>;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  forcePathStyle?: boolean;
  followRegionRedirects?: boolean;
  maxAttempts: number;
  retryMode: 'standard';
  requestHandler: NodeHttpHandler;
  logger?: SdkLogger;
}

/** Options of `awsClientConfig`. */
export interface AwsClientOptions {
  region?: string | undefined;
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

/** The region of the configured profile in the shared config file, when it names one. */
async function profileRegion(auth: AuthOptions): Promise<string | undefined> {
  const profile = auth.awsProfile ?? 'default';
  try {
    const files = await loadSharedConfigFiles({ filepath: auth.credentialsFile, configFilepath: auth.configFile });
    return files.configFile[profile]?.region ?? files.credentialsFile[profile]?.region;
  } catch {
    return undefined;
  }
}

/** Region order: the given one, else the profile's, else us-east-1 (Wazuh's boto3 default). */
function regionProvider(auth: AuthOptions, region: string | undefined): () => Promise<string> {
  let resolved: Promise<string> | undefined;
  return () => (resolved ??= region ? Promise.resolve(region) : profileRegion(auth).then((r) => r ?? DEFAULT_REGION));
}

/** Base credentials: keys (deprecated) → profile → the SDK default chain, as the Wazuh module. */
function baseCredentials(auth: AuthOptions): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (auth.accessKey && auth.secretKey) return { accessKeyId: auth.accessKey, secretAccessKey: auth.secretKey };
  if (auth.awsProfile) {
    return fromIni({ profile: auth.awsProfile, filepath: auth.credentialsFile, configFilepath: auth.configFile });
  }
  return fromNodeProviderChain();
}

/** Base credentials, exchanged for the role's temporary ones when `iamRoleArn` is set. */
function credentialsFor(auth: AuthOptions, region: () => Promise<string>, maxAttempts: number): AwsCredentialIdentityProvider {
  const base = baseCredentials(auth);
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
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const region = regionProvider(auth, options.region);
  const endpoint = options.service === 'sts' ? auth.stsEndpoint : auth.serviceEndpoint;
  const config: AwsClientConfig = {
    region,
    credentials: credentialsFor(auth, region, maxAttempts),
    maxAttempts,
    retryMode: 'standard',
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
