import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detach } from './detach.ts';

test('detach: the same text, for short, long and sliced strings', () => {
  const chunk = `${'x'.repeat(1000)} 198.51.100.23 eni-0a1b2c3d4e5f60718 ${'y'.repeat(1000)}`;
  for (const s of ['', 'a', '10.0.0.1', chunk.slice(1001, 1014), chunk.slice(1015, 1036), chunk, 'é→🙂 multi-byte text beyond thirteen']) assert.equal(detach(s), s);
});
