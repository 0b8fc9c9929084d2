import pino from 'pino';
import type { Logger } from 'pino';
import { prettyStream } from './log-format.ts';

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear. */
const REDACT = [
  'accessKeyId', 'secretAccessKey', 'sessionToken', 'access_key', 'secret_key',
  '*.accessKeyId', '*.secretAccessKey', '*.sessionToken', '*.access_key', '*.secret_key',
  '*.*.accessKeyId', '*.*.secretAccessKey', '*.*.sessionToken', '*.*.access_key', '*.*.secret_key',
];

/**
 * Creates the process logger on stderr, so stdout stays free for command output: readable lines
 * on a terminal, JSON lines (for log shippers) otherwise.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const destination = options.destination ?? (process.stderr.isTTY ? prettyStream(process.stderr) : pino.destination(2));
  return pino({ level: options.level ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: { name: 'awsmon' } }, destination);
}

/** A logger that drops everything, for tests and library use. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
