import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { SourceError } from '../core/index.ts';
import { AssumeRoleFailure, toSourceError } from './source-error.ts';

function awsError(name: string, status: number, message = `${name} happened`): S3ServiceException {
  return new S3ServiceException({
    name, message, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'REQ123' },
  });
}

function netError(code: string, message = `connect ${code} 127.0.0.1:1`): Error {
  return Object.assign(new Error(message), { code });
}

const where = { bucket: 'acme-trail', key: 'AWSLogs/1/x.json.gz' };
const bucketOnly = { bucket: 'acme-trail' };

test('maps AWS error codes and statuses to source error codes', () => {
  const cases: [unknown, { bucket: string; key?: string }, string, boolean][] = [
    [awsError('NoSuchBucket', 404), where, 'SOURCE_BUCKET_NOT_FOUND', false],
    [awsError('NotFound', 404, 'UnknownError'), bucketOnly, 'SOURCE_BUCKET_NOT_FOUND', false],
    [awsError('NoSuchKey', 404), where, 'SOURCE_OBJECT_NOT_FOUND', false],
    [awsError('NotFound', 404, 'UnknownError'), where, 'SOURCE_OBJECT_NOT_FOUND', false],
    [awsError('AccessDenied', 403), where, 'SOURCE_ACCESS_DENIED', false],
    [awsError('Forbidden', 403, 'UnknownError'), bucketOnly, 'SOURCE_ACCESS_DENIED', false],
    [awsError('AllAccessDisabled', 403), bucketOnly, 'SOURCE_ACCESS_DENIED', false],
    [awsError('InvalidAccessKeyId', 403), bucketOnly, 'SOURCE_CREDENTIALS', false],
    [awsError('SignatureDoesNotMatch', 403), bucketOnly, 'SOURCE_CREDENTIALS', false],
    [awsError('ExpiredToken', 400), bucketOnly, 'SOURCE_CREDENTIALS', false],
    [Object.assign(new Error('Could not resolve credentials using profile: [nope]'), { name: 'CredentialsProviderError' }), bucketOnly, 'SOURCE_CREDENTIALS', false],
    [awsError('RequestTimeTooSkewed', 403), bucketOnly, 'SOURCE_CLOCK_SKEW', false],
    [awsError('SlowDown', 503), bucketOnly, 'SOURCE_THROTTLED', true],
    [awsError('Throttling', 400), bucketOnly, 'SOURCE_THROTTLED', true],
    [awsError('ServiceUnavailable', 503), bucketOnly, 'SOURCE_THROTTLED', true],
    [awsError('InternalError', 500), where, 'SOURCE_REQUEST_FAILED', true],
    [awsError('InvalidArgument', 400), where, 'SOURCE_REQUEST_FAILED', false],
    [netError('ECONNREFUSED'), bucketOnly, 'SOURCE_ENDPOINT', true],
    [netError('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.invalid'), bucketOnly, 'SOURCE_ENDPOINT', true],
    [netError('ECONNRESET', 'socket hang up'), where, 'SOURCE_ENDPOINT', true],
    [new Error('socket hang up'), where, 'SOURCE_ENDPOINT', true],
    [Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }), where, 'SOURCE_ENDPOINT', true],
    [new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED')], ''), bucketOnly, 'SOURCE_ENDPOINT', true],
  ];
  for (const [err, location, code, retryable] of cases) {
    const mapped = toSourceError(err, location);
    assert.ok(mapped instanceof SourceError);
    assert.equal(mapped.code, code, `${String((err as Error).name)}: ${mapped.message}`);
    assert.equal(mapped.retryable, retryable, mapped.code);
    assert.equal(mapped.cause, err);
    assert.deepEqual(mapped.location, location);
  }
});

test('messages name the bucket, the key, the AWS error code and the request id', () => {
  const mapped = toSourceError(awsError('InternalError', 500, 'We encountered an internal error. Please try again.'), where);
  assert.equal(
    mapped.message,
    "bucket 'acme-trail', key 'AWSLogs/1/x.json.gz': AWS failed the request after every retry (InternalError (HTTP 500), request id REQ123): We encountered an internal error. Please try again.",
  );
  assert.equal(
    toSourceError(awsError('NoSuchBucket', 404, 'The specified bucket does not exist'), bucketOnly).message,
    "bucket 'acme-trail': the bucket does not exist (NoSuchBucket (HTTP 404), request id REQ123); check the bucket name and region",
  );
});

test('access key ids never appear in messages, even when AWS echoes them', () => {
  const mapped = toSourceError(awsError('AccessDenied', 403, 'User AKIAIOSFODNN7EXAMPLE is not authorized; session ASIAZZZZZZZZZZZZZZZZ'), bucketOnly);
  assert.equal(mapped.code, 'SOURCE_ACCESS_DENIED');
  assert.ok(!mapped.message.includes('AKIA') && !mapped.message.includes('ASIA'), mapped.message);
  assert.ok(mapped.message.includes('User [redacted] is not authorized; session [redacted]'), mapped.message);
  const signature = toSourceError(awsError('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match (AKIAIOSFODNN7EXAMPLE)'), bucketOnly);
  assert.ok(!signature.message.includes('AKIAIOSFODNN7EXAMPLE'), signature.message);
});

test('a role that cannot be assumed is SOURCE_CREDENTIALS naming the role', () => {
  const mapped = toSourceError(new AssumeRoleFailure('arn:aws:iam::123456789012:role/reader', awsError('AccessDenied', 403, 'not authorized to perform sts:AssumeRole')), bucketOnly);
  assert.equal(mapped.code, 'SOURCE_CREDENTIALS');
  assert.equal(
    mapped.message,
    "bucket 'acme-trail': could not assume role 'arn:aws:iam::123456789012:role/reader' (AccessDenied: not authorized to perform sts:AssumeRole); check iam_role_arn, external_id and that the base credentials may call sts:AssumeRole",
  );
});

test('a SourceError passes through unchanged', () => {
  const original = new SourceError('SOURCE_EMPTY', bucketOnly, 'nothing here');
  assert.equal(toSourceError(original, where), original);
});
