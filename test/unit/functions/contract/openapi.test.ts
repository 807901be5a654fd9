import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { evaluate, listCatalog, type TrainerProfile } from '../../../../core/index.js';
import {
  buildOpenApiDocument,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type Reference,
  undocumentedRoutes,
  webhookOperationId,
} from '../../../../functions/contract/openapi.js';
import {
  CatalogResponseSchema,
  EvaluationSchema,
  MeResponseSchema,
} from '../../../../functions/contract/response-schemas.js';
import { HTTP_ROUTES, type HttpRoute } from '../../../../functions/entry-points.js';
import { TrainerProfileSchema } from '../../../../functions/record/profile-schema.js';
import { componentValidator } from './schema-validator.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const STALE = 'docs/openapi.json is stale: run `npm run openapi` and commit the result';

const checkedIn = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as OpenApiDocument;
const built = buildOpenApiDocument();

function operationOf(document: OpenApiDocument, route: HttpRoute): Operation | undefined {
  return document.paths[route.path]?.[route.method.toLowerCase()];
}

function resolveParameter(document: OpenApiDocument, parameter: Parameter | Reference): Parameter {
  if (!('$ref' in parameter)) return parameter;
  const name = parameter.$ref.replace('#/components/parameters/', '');
  const resolved = document.components.parameters[name];
  if (!resolved) throw new Error(`unresolved parameter ${parameter.$ref}`);
  return resolved;
}

describe('docs/openapi.json', () => {
  it('is exactly what the generator builds from the route table and the handlers’ schemas', () => {
    // Parsed, not byte-compared: formatting the file is not a change to the contract.
    expect(checkedIn, STALE).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it('describes every route of the route table, by method and path, with the route id as operationId', () => {
    expect(
      undocumentedRoutes(checkedIn),
      'routes missing from docs/openapi.json: describe them in OPERATIONS (functions/contract/openapi.ts), then run `npm run openapi`',
    ).toEqual([]);
    for (const route of HTTP_ROUTES) {
      expect(operationOf(checkedIn, route)?.operationId, `${route.method} ${route.path}`).toBe(route.id);
    }
  });

  it('describes each webhook route under `webhooks`, with the three Standard Webhooks headers', () => {
    const webhookRoutes = HTTP_ROUTES.filter((route) => route.entry.startsWith('functions/webhooks/'));
    expect(webhookRoutes.length).toBeGreaterThan(0);
    for (const route of webhookRoutes) {
      const copies = Object.values(checkedIn.webhooks).filter(
        ({ post }) => post.operationId === webhookOperationId(route.id),
      );
      expect(copies, `${route.id} under webhooks`).toHaveLength(1);
      for (const operation of [copies[0]?.post, operationOf(checkedIn, route)]) {
        const headers = (operation?.parameters ?? [])
          .map((parameter) => resolveParameter(checkedIn, parameter))
          .filter((parameter) => parameter.in === 'header');
        expect(headers.map(({ name, required }) => ({ name, required }))).toEqual([
          { name: 'webhook-id', required: true },
          { name: 'webhook-timestamp', required: true },
          { name: 'webhook-signature', required: true },
        ]);
        expect(operation?.requestBody?.content['application/json']?.schema).toEqual({
          $ref: '#/components/schemas/CourseCompletedPayload',
        });
      }
    }
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(checkedIn) as unknown as Record<string, unknown>);

    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Every local $ref resolves (the validator throws on one that does not).
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('holds only JSON Schemas that compile under JSON Schema 2020-12 in strict mode', () => {
    const { schema, ajv } = componentValidator(checkedIn);

    for (const name of Object.keys(checkedIn.components.schemas)) expect(() => schema(name), name).not.toThrow();
    const inline = [
      ...Object.values(checkedIn.components.parameters).map((parameter) => parameter.schema),
      ...Object.values(checkedIn.components.headers).map((header) => header.schema),
      ...Object.values(checkedIn.paths)
        .flatMap((item) => Object.values(item))
        .flatMap((operation) => operation.parameters ?? [])
        .filter((parameter): parameter is Parameter => !('$ref' in parameter))
        .map((parameter) => parameter.schema),
    ];
    for (const parameterSchema of inline) expect(() => ajv.compile(parameterSchema)).not.toThrow();
  });

  it('gives every operation a unique operationId and at least one answer', () => {
    const operations = [
      ...Object.values(checkedIn.paths).flatMap((item) => Object.values(item)),
      ...Object.values(checkedIn.webhooks).map(({ post }) => post),
    ];
    const ids = operations.map((operation) => operation.operationId);

    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(Object.keys(operation.responses).length, operation.operationId).toBeGreaterThan(0);
    }
  });
});

describe('the contract checks catch a deliberate gap', () => {
  const extra: HttpRoute = {
    id: 'SnoozePage',
    method: 'GET',
    path: '/snooze',
    entry: 'functions/http/snooze-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  };

  it('names a route of the table that the document does not describe', () => {
    const routes = [...HTTP_ROUTES, extra];

    expect(undocumentedRoutes(buildOpenApiDocument(routes), routes)).toEqual(['GET /snooze (SnoozePage)']);
  });

  it('refuses to describe a route that is no longer in the table', () => {
    const withoutCatalog = HTTP_ROUTES.filter((route) => route.id !== 'GetCatalog');

    expect(() => buildOpenApiDocument(withoutCatalog)).toThrow(/not in the route table: GetCatalog/);
  });
});

describe('the response schemas describe what the code answers', () => {
  const { schema } = componentValidator(built);
  const profiles = readdirSync(join(ROOT, 'events', 'profiles')).map((file): [string, TrainerProfile] => [
    file,
    TrainerProfileSchema.parse(
      JSON.parse(readFileSync(join(ROOT, 'events', 'profiles', file), 'utf8')),
    ) as TrainerProfile,
  ]);

  it('GET /api/catalog: every field of every listing, no more, no less', () => {
    const body = { catalog: listCatalog() };

    // The zod schema strips what it does not know: equal means nothing undocumented was dropped.
    expect(CatalogResponseSchema.parse(body)).toEqual(body);
    expect(schema('CatalogResponse')(JSON.parse(JSON.stringify(body))), 'CatalogResponse').toBe(true);
  });

  it.each(profiles)('GET and PUT /api/me: the evaluation of events/profiles/%s', (_file, profile) => {
    for (const asOf of ['2026-11-21', '2028-06-30']) {
      const evaluation = JSON.parse(JSON.stringify(evaluate(profile, asOf)));
      const snooze = {
        code: 'NASM-CPT',
        expiresOn: '2027-06-30',
        on: '2026-11-21',
        until: '2026-12-05',
        length: '2-weeks',
        fromReminderOn: '2026-11-21',
      };
      const me = { ...evaluation, profile, reminderSettings: { cadence: 'essentials', snoozes: [snooze] } };

      expect(EvaluationSchema.parse(evaluation)).toEqual(evaluation);
      expect(MeResponseSchema.parse(me)).toEqual(me);
      const validate = schema('MeResponse');
      expect(validate(JSON.parse(JSON.stringify(me))), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
