/** The HTTP API and dashboard server. */
export { createServer, CSP } from './app.ts';
export type { ServerOptions } from './app.ts';
export { listen } from './listen.ts';
export { openApiDocument } from './openapi.ts';
