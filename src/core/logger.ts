import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear. */
const REDACT = [
  'accessKeyId', 'secretAccessKey', 'sessionToken', 'access_key', 'secret_key',
  '*.accessKeyId', '*.secretAccessKey', '*.sessionToken', '*.access_key', '*.secret_key',
  '*.*.accessKeyId', '*.*.secretAccessKey', '*.*.sessionToken', '*.*.access_key', '*.*.secret_key',
];

/** Creates the process logger: JSON lines to stderr so stdout stays free for command output. */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: options.level ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: { name: 'awsmon' } },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything, for tests and library use. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
