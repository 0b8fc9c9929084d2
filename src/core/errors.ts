import type { ErrorCode } from './error-codes.ts';

/** Base of every error awsmon raises on purpose: callers branch on `code`, never on the text. */
export class AwsmonError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A configuration problem; `problems` holds every problem found, so all can be reported at once. */
export class ConfigError extends AwsmonError {
  readonly problems: readonly string[];
  constructor(code: ErrorCode, problems: readonly string[], options?: { cause?: unknown }) {
    super(code, problems.length === 1 ? problems[0]! : `${problems.length} configuration problems:\n  - ${problems.join('\n  - ')}`, options);
    this.problems = problems;
  }
}

/** Where in the data a problem was found: the bucket, the object, and the line or record. */
export interface Location {
  bucket?: string;
  key?: string;
  line?: number;
  record?: number;
}

/** Names the location in front of the reason, e.g. "bucket 'b', key 'k', line 3: ...". */
export function describeLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.bucket !== undefined) parts.push(`bucket '${loc.bucket}'`);
  if (loc.key !== undefined) parts.push(`key '${loc.key}'`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  return parts.join(', ');
}

/** A problem reaching or listing a source (S3 bucket, local folder). */
export class SourceError extends AwsmonError {
  readonly location: Location;
  /** True when trying again later may succeed (throttling, 5xx, a dropped connection). */
  readonly retryable: boolean;
  constructor(code: ErrorCode, location: Location, reason: string, options?: { cause?: unknown; retryable?: boolean }) {
    const where = describeLocation(location);
    super(code, where ? `${where}: ${reason}` : reason, options);
    this.location = location;
    this.retryable = options?.retryable ?? false;
  }
}

/** A problem in the content of an object: compression, JSON, columns. */
export class FormatError extends AwsmonError {
  readonly location: Location;
  constructor(code: ErrorCode, location: Location, reason: string, options?: { cause?: unknown }) {
    const where = describeLocation(location);
    super(code, where ? `${where}: ${reason}` : reason, options);
    this.location = location;
  }
}

/** Where in a rule file a problem is: the file, its line, and the rule id when inside a rule. */
export interface RuleLocation {
  file: string;
  line?: number | undefined;
  ruleId?: string | undefined;
}

/** A rule file, CDB list or rule test case that cannot be loaded: names file, line, rule id and the problem. */
export class RuleError extends AwsmonError {
  readonly location: RuleLocation;
  constructor(code: ErrorCode, location: RuleLocation, reason: string, options?: { cause?: unknown }) {
    const where = [location.file + (location.line === undefined ? '' : `:${location.line}`)];
    if (location.ruleId !== undefined) where.push(`rule ${location.ruleId}`);
    super(code, `${where.join(', ')}: ${reason}`, options);
    this.name = 'RuleError';
    this.location = location;
  }
}

/** A problem writing events, state or output files. */
export class StoreError extends AwsmonError {}

/** Returns the error's code when it is an AwsmonError. */
export function errorCode(err: unknown): ErrorCode | undefined {
  return err instanceof AwsmonError ? err.code : undefined;
}

/** The message of anything thrown (an Error's message, else its text), for errors that wrap a cause. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
