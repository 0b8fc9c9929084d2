import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import type { Location } from '../core/index.ts';
import type { SourceError } from '../core/index.ts';

/**
 * Re-emits a body's bytes and turns a failure while streaming (a connection reset mid-download,
 * a read error) into a SourceError naming the object; destroying the result frees the source.
 */
export function guardStream(body: Readable, location: Location, toError: (err: unknown, location: Location) => SourceError): Readable {
  const out = new PassThrough();
  body.on('error', (err) => out.destroy(toError(err, location)));
  out.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
  body.pipe(out);
  return out;
}
