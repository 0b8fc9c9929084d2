import { SourceError } from '../../core/index.ts';
import { toSourceError } from '../source-error.ts';

/**
 * An AWS error of a service call as a SourceError whose message names what was read (log group,
 * stream, region) instead of a bucket; the code is the one S3 calls get for the same AWS error.
 */
export function serviceError(err: unknown, where: string): SourceError {
  if (err instanceof SourceError) return err;
  const mapped = toSourceError(err, {});
  return new SourceError(mapped.code, {}, `${where}: ${mapped.message}`, { cause: err, retryable: mapped.retryable });
}

/** Whether an AWS error says the named resource (log group, log stream) does not exist. */
export function isResourceNotFound(err: unknown): boolean {
  const e = err instanceof SourceError ? err.cause : err;
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ResourceNotFoundException';
}
