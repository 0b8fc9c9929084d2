import { SourceError } from '../core/index.ts';
import type { ErrorCode, Location } from '../core/index.ts';

/** Raised by the role-assuming credential provider so the role, not the base keys, is named. */
export class AssumeRoleFailure extends Error {
  readonly roleArn: string;
  constructor(roleArn: string, cause: unknown) {
    super(`could not assume role '${roleArn}'`, { cause });
    this.name = 'AssumeRoleFailure';
    this.roleArn = roleArn;
  }
}

const THROTTLING = new Set([
  'SlowDown', 'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestLimitExceeded',
  'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException', 'EC2ThrottledException',
  'BandwidthLimitExceeded', 'ServiceUnavailable',
]);
const CREDENTIALS = new Set([
  'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'InvalidToken',
  'InvalidClientTokenId', 'AuthFailure', 'CredentialsProviderError', 'TokenProviderError', 'UnrecognizedClientException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled', 'UnauthorizedOperation', 'Forbidden']);
const CLOCK_SKEW = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture']);
const NETWORK = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
}

/** AWS access key ids (long-term AKIA…, temporary ASIA…) are never shown, even inside AWS messages. */
function redact(text: string): string {
  return text.replace(/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '[redacted]');
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? err : { message: String(err) };
}

/** The Node network error code of the error or of any error it wraps (AggregateError, cause). */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== 'object' || err === null) return undefined;
  const e = err as ErrorShape & { cause?: unknown };
  if (typeof e.code === 'string' && NETWORK.has(e.code)) return e.code;
  if (e.name === 'TimeoutError') return 'TimeoutError';
  if (typeof e.message === 'string' && /socket hang up|aborted/i.test(e.message) && !e.$metadata?.httpStatusCode) return 'ECONNRESET';
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = networkCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return networkCode(e.cause, depth + 1);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Maps an SDK, credential-provider or network error to a SourceError with a stable code. The
 * message names the bucket and key, AWS's error code and request id; never credentials.
 */
export function toSourceError(err: unknown, location: Location): SourceError {
  if (err instanceof SourceError) return err;
  const e = shape(err);
  const status = e.$metadata?.httpStatusCode;
  const requestId = e.$metadata?.requestId;
  const awsCode = text(e.Code) ?? text(e.name) ?? 'Error';
  const awsMessage = redact(text(e.message) ?? '');
  const aws = [`${awsCode}${status ? ` (HTTP ${status})` : ''}`, requestId ? `request id ${requestId}` : undefined]
    .filter(Boolean).join(', ');
  const detail = awsMessage && awsMessage !== awsCode && awsMessage !== 'UnknownError' ? `: ${awsMessage}` : '';
  const make = (code: ErrorCode, reason: string, retryable = false) =>
    new SourceError(code, location, reason, { cause: err, retryable });

  if (err instanceof AssumeRoleFailure) {
    const inner = shape(err.cause);
    const innerCode = text(inner.Code) ?? text(inner.name) ?? 'Error';
    const innerMessage = redact(text(inner.message) ?? '');
    return make('SOURCE_CREDENTIALS', `could not assume role '${err.roleArn}' (${innerCode}${innerMessage ? `: ${innerMessage}` : ''}); check iam_role_arn, external_id and that the base credentials may call sts:AssumeRole`);
  }
  if (awsCode === 'NoSuchBucket' || (status === 404 && location.key === undefined && awsCode !== 'NoSuchKey')) {
    return make('SOURCE_BUCKET_NOT_FOUND', `the bucket does not exist (${aws}); check the bucket name and region`);
  }
  if (awsCode === 'NoSuchKey' || (status === 404 && location.key !== undefined)) {
    return make('SOURCE_OBJECT_NOT_FOUND', `the object does not exist (${aws}); it may have been deleted after it was listed`);
  }
  if (CREDENTIALS.has(awsCode)) {
    return make('SOURCE_CREDENTIALS', `the credentials were rejected or could not be found (${aws})${awsCode.endsWith('ProviderError') ? detail : ''}; check access_key/secret_key, aws_profile or the SDK credential chain`);
  }
  if (CLOCK_SKEW.has(awsCode)) {
    return make('SOURCE_CLOCK_SKEW', `this machine's clock differs from AWS time (${aws}); synchronise the clock (NTP)`);
  }
  if (DENIED.has(awsCode) || status === 403) {
    return make('SOURCE_ACCESS_DENIED', `access denied (${aws})${detail}; check that the IAM policy allows the request`);
  }
  if (THROTTLING.has(awsCode) || status === 503 || status === 429) {
    return make('SOURCE_THROTTLED', `AWS kept throttling the requests after every retry (${aws}); the next run tries again`, true);
  }
  const net = status === undefined ? networkCode(err) : undefined;
  if (net) {
    return make('SOURCE_ENDPOINT', `the endpoint could not be reached or closed the connection (${net})${detail}; check service_endpoint, sts_endpoint and the network`, true);
  }
  if (status !== undefined && status >= 500) {
    return make('SOURCE_REQUEST_FAILED', `AWS failed the request after every retry (${aws})${detail}`, true);
  }
  return make('SOURCE_REQUEST_FAILED', `the request failed (${aws})${detail}`);
}
