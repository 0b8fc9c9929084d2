import { Readable } from 'node:stream';

/**
 * The first `bytes` bytes of a stream (fewer when it is shorter) and a stream that yields the
 * whole content again, head included, so a parser can be chosen by the content's first bytes.
 */
export async function peekStream(stream: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const input = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < bytes) {
    const next = await input.next();
    if (next.done === true) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    have += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer, void, undefined> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await input.next();
        if (next.done === true) return;
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
    } finally {
      // Stopped early (or failed): release the source as well.
      stream.destroy();
    }
  }
  return { head: head.subarray(0, bytes), stream: Readable.from(replay(), { objectMode: false }) };
}
