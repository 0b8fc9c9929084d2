/**
 * `node --import tsx bench/regex.ts`: CPU ns per `test()` of representative rule patterns on short
 * field values (the common case) and on a 1 KB value, for the three pattern languages. V8's
 * backtracking RegExp is shown beside each pattern as a yardstick only (awsmon does not use it for
 * patterns with quantifiers); the last rows time hostile inputs that stall a backtracking engine.
 */
import { compilePattern, type PatternType } from '../src/rules/regex/index.ts';

interface Case {
  type: PatternType;
  pattern: string;
  /** The same pattern as a V8 RegExp, for comparison. */
  v8: RegExp;
}

const CASES: Case[] = [
  { type: 'osmatch', pattern: '^CreateUser$', v8: /^CreateUser$/i },
  { type: 'osmatch', pattern: 'ConsoleLogin', v8: /ConsoleLogin/i },
  { type: 'osmatch', pattern: 'CreateUser|DeleteUser|AttachUserPolicy|PutUserPolicy|CreateAccessKey|UpdateLoginProfile|DeactivateMFADevice|StopLogging', v8: /CreateUser|DeleteUser|AttachUserPolicy|PutUserPolicy|CreateAccessKey|UpdateLoginProfile|DeactivateMFADevice|StopLogging/i },
  { type: 'osmatch', pattern: '!amazonaws.com$', v8: /amazonaws\.com$/i },
  { type: 'osregex', pattern: '^\\d+$', v8: /^\d+$/ },
  { type: 'osregex', pattern: 'Failure|Denied|Unauthorized', v8: /Failure|Denied|Unauthorized/i },
  { type: 'osregex', pattern: '\\d+.\\d+.\\d+.\\d+', v8: /\d+\.\d+\.\d+\.\d+/ },
  { type: 'osregex', pattern: '^arn:aws:iam::\\d+:root$', v8: /^arn:aws:iam::\d+:root$/i },
  { type: 'pcre2', pattern: '^(CreateUser|DeleteUser|AttachUserPolicy)$', v8: /^(CreateUser|DeleteUser|AttachUserPolicy)$/ },
  { type: 'pcre2', pattern: '(?i)accessdenied|unauthorized', v8: /accessdenied|unauthorized/i },
  { type: 'pcre2', pattern: '^\\d{1,3}(\\.\\d{1,3}){3}$', v8: /^\d{1,3}(\.\d{1,3}){3}$/ },
  { type: 'pcre2', pattern: 'arn:aws:iam::\\d{12}:root', v8: /arn:aws:iam::\d{12}:root/ },
];

/** Field values of the kind rules look at (event names, sources, addresses, ARNs, error codes). */
const SHORT = ['ConsoleLogin', 'CreateUser', 'DescribeInstances', '10.0.12.7', 'arn:aws:iam::123456789012:root', 'AccessDenied', 'signin.amazonaws.com', '443', 'AssumeRole', 'Client.UnauthorizedOperation'];
const LONG = [`aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023 prompt/off command/s3.ls ${'x'.repeat(900)} md/arch#x86_64`];

/** CPU time of this process (user + system), in µs: on a shared machine wall time counts other processes' turns too. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** CPU ns per call of `fn` over `inputs`, after a warm-up, measured for at least `minMs` of CPU time. */
function timeNs(fn: (s: string) => boolean, inputs: readonly string[], minMs = 300): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) if (fn(inputs[i % inputs.length]!)) sink++;
  let n = 0;
  const start = cpuMicros();
  let elapsed = 0;
  while (elapsed < minMs * 1000) {
    for (let i = 0; i < 10_000; i++) if (fn(inputs[i % inputs.length]!)) sink++;
    n += 10_000;
    elapsed = cpuMicros() - start;
  }
  if (sink < 0) throw new Error('unreachable');
  return (elapsed * 1000) / n;
}

const rows: string[][] = [['type', 'pattern', 'short ns/op', 'V8 short', '1 KB ns/op', 'V8 1 KB']];
for (const c of CASES) {
  const m = compilePattern(c.type, c.pattern);
  const v8 = (s: string): boolean => c.v8.test(s);
  rows.push([c.type, c.pattern.length > 48 ? `${c.pattern.slice(0, 45)}...` : c.pattern, timeNs((s) => m.test(s), SHORT).toFixed(0), timeNs(v8, SHORT).toFixed(0), timeNs((s) => m.test(s), LONG, 150).toFixed(0), timeNs(v8, LONG, 150).toFixed(0)]);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) process.stdout.write(`${r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);

// Hostile inputs: patterns that backtrack catastrophically in a backtracking engine.
const hostile = `${'a'.repeat(100_000)}!`;
process.stdout.write('\nhostile input (100 KB of "a" then "!"):\n');
for (const [type, pattern] of [['pcre2', '(a+)+$'], ['osregex', '\\.+\\.+\\.+\\.+x'], ['osregex', '\\w+\\w+\\w+\\w+\\w+$'], ['pcre2', '(\\w|a)*\\d$']] as const) {
  const m = compilePattern(type, pattern);
  const start = cpuMicros();
  const result = m.test(hostile);
  process.stdout.write(`  ${type.padEnd(8)} ${pattern.padEnd(22)} ${result}  ${((cpuMicros() - start) / 1000).toFixed(1)} ms CPU\n`);
}
