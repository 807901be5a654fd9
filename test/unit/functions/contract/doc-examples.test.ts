import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument, Operation } from '../../../../functions/contract/openapi.js';
import { componentName, componentValidator } from './schema-validator.js';

/**
 * Every fenced ```json block in the API docs is an example of one operation's request or answer, named by the marker
 * comment on the line before it:
 *   <!-- example: POST /api/signups request -->
 *   <!-- example: POST /api/signups response 202 -->
 *   <!-- example: webhook course.completed request -->
 * and must validate against that operation's schema in docs/openapi.json. A block without a marker fails.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const DOCS = ['docs/api.md', 'docs/webhooks.md'];
const MARKER = /^<!-- example: (?:(GET|POST|PUT|DELETE) (\/\S*)|webhook (\S+)) (request|response (\d{3})) -->$/;

const document = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as OpenApiDocument;
const { schema } = componentValidator(document);

interface Example {
  /** `docs/api.md:42`, where the block starts. */
  readonly where: string;
  readonly marker: string;
  readonly json: string;
}

function examples(file: string): Example[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const found: Example[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== '```json') return;
    const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === '```');
    let before = index - 1;
    while (before >= 0 && lines[before]?.trim() === '') before -= 1;
    found.push({
      where: `${file}:${index + 1}`,
      marker: lines[before]?.trim() ?? '',
      json: lines.slice(index + 1, end).join('\n'),
    });
  });
  return found;
}

function operationFor(marker: RegExpExecArray): Operation | undefined {
  const [, method, path, webhook] = marker;
  if (webhook) return document.webhooks[webhook]?.post;
  return document.paths[path ?? '']?.[method?.toLowerCase() ?? ''];
}

const all = DOCS.flatMap(examples);

describe('JSON examples in docs/api.md and docs/webhooks.md', () => {
  it('finds the examples (and one in each file)', () => {
    for (const file of DOCS)
      expect(
        all.some((example) => example.where.startsWith(file)),
        file,
      ).toBe(true);
  });

  it.each(all.map((example) => [example.where, example] as const))('%s matches its operation', (_where, example) => {
    const marker = MARKER.exec(example.marker);
    expect(
      marker,
      `the line before the block must be a marker like <!-- example: POST /api/signups request -->`,
    ).not.toBeNull();
    if (!marker) return;
    const operation = operationFor(marker);
    expect(operation, `${example.marker}: no such operation in docs/openapi.json`).toBeDefined();
    const status = marker[5];
    const content = status ? operation?.responses[status]?.content : operation?.requestBody?.content;
    const body = content?.['application/json']?.schema;
    expect(
      body,
      `${example.marker}: the operation has no JSON ${status ? `${status} answer` : 'request body'}`,
    ).toBeDefined();

    const validate = schema(componentName(body));
    const valid = validate(JSON.parse(example.json));
    expect(validate.errors ?? [], `${example.where} against ${componentName(body)}`).toEqual([]);
    expect(valid).toBe(true);
  });
});
