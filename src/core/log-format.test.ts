import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLogLine, printable } from './log-format.ts';

test('a pino line becomes time, level, message and the other fields', () => {
  const line = JSON.stringify({ level: 50, time: Date.UTC(2024, 2, 5, 10, 1, 2), name: 'awsmon', bucket: 'b', code: 'FORMAT_BAD_GZIP', n: 3, msg: 'bad object' });
  assert.equal(formatLogLine(line), '10:01:02 ERROR bad object bucket=b code=FORMAT_BAD_GZIP n=3');
});

test('control characters from log content are escaped, not printed', () => {
  assert.equal(printable('key\u001b[2Jx\nfake line'), 'key\\u001b[2Jx\\nfake line');
  const line = JSON.stringify({ level: 30, time: 0, msg: 'read', key: 'a\rb' });
  assert.equal(formatLogLine(line), '00:00:00 INFO  read key=a\\u000db');
});
