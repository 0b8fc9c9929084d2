import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/**
 * The stream's content as UTF-8 strings, chunk by chunk. A multi-byte character split across two
 * chunks is held back until its last byte arrives, so no chunk ends in half a character.
 */
export async function* textChunks(stream: Readable): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
