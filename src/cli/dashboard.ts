/** The dashboard server of `awsmon start`: options, token, listening, and the address it prints. */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { AwsmonError, errorMessage } from '../core/index.ts';
import { createServer, listen } from '../server/index.ts';
import { createDuckDbSearch } from '../store/index.ts';
import type { Runtime } from './runtime.ts';

/** The default address: loopback only. */
export const DEFAULT_LISTEN = '127.0.0.1:8480';
/** Where `npm run build:web` puts the dashboard. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The package version, for the API's status and OpenAPI document. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Parses `HOST:PORT` (`[::1]:8480` for IPv6); CLI_USAGE when it is not one. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:\s]+)):(\d{1,5})$/.exec(value);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || port > 65535) throw new AwsmonError('CLI_USAGE', `--listen '${value}' is not HOST:PORT (e.g. 127.0.0.1:8480, or port 0 for any free port)`);
  return { host: m[1] ?? m[2]!, port };
}

/** Reads the API token from a file (first line, trimmed); CLI_USAGE when unreadable or empty. */
export async function readToken(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new AwsmonError('CLI_USAGE', `--api-token-file '${file}' cannot be read: ${errorMessage(err)}`);
  });
  const token = text.split('\n')[0]!.trim();
  if (token.length < 16) throw new AwsmonError('CLI_USAGE', `--api-token-file '${file}': the token must be at least 16 characters`);
  return token;
}

/** Starts the API and dashboard over the runtime's store; returns the server and its URL. */
export async function startDashboard(rt: Runtime, options: { listen: string; tokenFile?: string | undefined }): Promise<{ app: FastifyInstance; url: string }> {
  const { host, port } = parseListen(options.listen);
  const token = options.tokenFile === undefined ? undefined : await readToken(options.tokenFile);
  const webRoot = existsSync(WEB_ROOT) ? WEB_ROOT : undefined;
  if (webRoot === undefined) rt.logger.warn({ webRoot: WEB_ROOT }, 'the dashboard is not built (npm run build:web); serving the API only');
  const app = await createServer({ search: createDuckDbSearch(rt.store), countEvents: () => rt.store.countEvents(), version: packageVersion(), logger: rt.logger, token, webRoot });
  try {
    return { app, url: await listen(app, { host, port, token }) };
  } catch (err) {
    await app.close();
    throw err;
  }
}
