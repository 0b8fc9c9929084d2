import { AwsmonError } from '../../core/index.ts';

/**
 * A rule pattern that cannot be compiled. `reason` says why, `pattern` is the pattern as written;
 * the message names both. The rule loader wraps it into a RuleError that adds file, line and rule.
 */
export class PatternSyntaxError extends AwsmonError {
  readonly pattern: string;
  readonly reason: string;
  constructor(pattern: string, reason: string) {
    super('RULE_BAD_PATTERN', `pattern '${pattern}': ${reason}`);
    this.name = 'PatternSyntaxError';
    this.pattern = pattern;
    this.reason = reason;
  }
}
