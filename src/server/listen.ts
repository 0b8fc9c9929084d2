/** Listening: loopback by default; any other address only with a token. */
import type { FastifyInstance } from 'fastify';
import { AwsmonError, errorMessage } from '../core/index.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts listening; refuses a non-loopback address without a token. Returns the URL. */
export async function listen(app: FastifyInstance, options: { host: string; port: number; token?: string | undefined }): Promise<string> {
  if (!LOOPBACK.has(options.host) && options.token === undefined) {
    throw new AwsmonError('SERVER_INSECURE_BIND', `refusing to serve the dashboard on ${options.host} without a token: set --api-token-file, or listen on 127.0.0.1`);
  }
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    throw new AwsmonError('SERVER_LISTEN_FAILED', `cannot listen on ${options.host}:${options.port}: ${errorMessage(err)}`, { cause: err });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `http://${host}:${port}/`;
}
