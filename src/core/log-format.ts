/**
 * Human-readable log lines for a terminal: `HH:MM:SS LEVEL message key=value ...`. Log content
 * can carry attacker-controlled strings (bucket keys, AWS error text), so control characters are
 * escaped and nothing is interpreted. Files and pipes keep pino's JSON lines.
 */
import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the message already says. */
const HIDDEN = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname']);

/** Escapes control characters so a log value cannot move the cursor or fake a line. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Formats one pino JSON line for a terminal. */
export function formatLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return printable(json);
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const extras = Object.entries(entry)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return printable([time, level, typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry.msg ?? ''), ...extras].join(' '));
}

/** A stream pino writes JSON lines into, printing them formatted to `out`. */
export function prettyStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== '') out.write(`${formatLogLine(line)}\n`);
      done();
    },
    final(done) {
      if (pending !== '') out.write(`${formatLogLine(pending)}\n`);
      done();
    },
  });
}
