/** The OpenAPI 3.1 description of the API, built from the same schemas that validate requests. */
import { ERROR_SCHEMA, ROUTES } from './routes.ts';
import type { RouteSpec } from './routes.ts';

interface SchemaObject {
  properties?: Record<string, object>;
  required?: string[];
}

function parameters(where: 'query' | 'path', schema: object | undefined): object[] {
  const s = schema as SchemaObject | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop as { description?: string };
    const isArray = (rest as { type?: string }).type === 'array';
    return {
      name, in: where, required: where === 'path' || (s?.required ?? []).includes(name), schema: rest,
      ...(description === undefined ? {} : { description }), ...(isArray ? { style: 'form', explode: true } : {}),
    };
  });
}

/** The OpenAPI document. */
export function openApiDocument(version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  const routes: RouteSpec[] = Object.values(ROUTES);
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const schema = route.schema as { querystring?: object; params?: object };
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        summary: route.summary,
        parameters: [...parameters('path', schema.params), ...parameters('query', schema.querystring)],
        responses: {
          200: { description: 'OK', content: { 'application/json': {} } },
          400: { description: 'A parameter is invalid', content: { 'application/json': { schema: ERROR_SCHEMA } } },
          401: { description: 'A token is required', content: { 'application/json': { schema: ERROR_SCHEMA } } },
          404: { description: 'No such record', content: { 'application/json': { schema: ERROR_SCHEMA } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'awsmon API', version, description: 'Events and alerts collected from AWS, searched and aggregated. Times are the events\' own.' },
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
    security: [{}, { token: [] }],
    paths,
  };
}
