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
 *
 * A client example in another language (```js, ```python) is one only when it carries such a marker: its example is
 * the JSON literal assigned to `payload` (`const payload = {` … `};` or `payload = {` … `}`), written in the JSON
 * subset both languages share, so it is checked like a ```json block and cannot drift from the contract.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const DOCS = ['docs/api.md', 'docs/webhooks.md'];
const MARKER = /^<!-- example: (?:(GET|POST|PUT|DELETE) (\/\S*)|webhook (\S+)) (request|response (\d{3})) -->$/;
/** Client examples: code blocks whose JSON is the literal assigned to `payload`. */
const CLIENT_LANGUAGES = ['js', 'python'] as const;
const PAYLOAD_START = /^(?:const )?payload = \{$/;
const PAYLOAD_END = /^\};?$/;

const document = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as OpenApiDocument;
const { schema } = componentValidator(document);

interface Example {
  /** `docs/api.md:42`, where the block starts. */
  readonly where: string;
  /** `json`, or the client example's language. */
  readonly language: string;
  readonly marker: string;
  readonly json: string;
}

/** The `payload = { … }` literal of a client example's code, or '' when it has none (which then fails to parse). */
function payloadLiteral(code: readonly string[]): string {
  const start = code.findIndex((line) => PAYLOAD_START.test(line));
  const end = code.findIndex((line, at) => at > start && PAYLOAD_END.test(line));
  if (start < 0 || end < 0) return '';
  return ['{', ...code.slice(start + 1, end), '}'].join('\n');
}

function examples(file: string): Example[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const found: Example[] = [];
  lines.forEach((line, index) => {
    const language = line.trim().slice(3);
    if (!line.trim().startsWith('```') || !['json', ...CLIENT_LANGUAGES].includes(language)) return;
    const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === '```');
    let before = index - 1;
    while (before >= 0 && lines[before]?.trim() === '') before -= 1;
    const marker = lines[before]?.trim() ?? '';
    const code = lines.slice(index + 1, end);
    if (language !== 'json' && !marker.startsWith('<!-- example:')) return;
    found.push({
      where: `${file}:${index + 1}`,
      language,
      marker,
      json: language === 'json' ? code.join('\n') : payloadLiteral(code),
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

  it('finds the provider examples in Node.js and Python in docs/webhooks.md, with their payloads', () => {
    const clients = all.filter((example) => example.language !== 'json');
    expect(clients.map((example) => [example.where.split(':')[0], example.language, example.marker])).toEqual([
      ['docs/webhooks.md', 'js', '<!-- example: webhook course.completed request -->'],
      ['docs/webhooks.md', 'python', '<!-- example: webhook course.completed request -->'],
    ]);
    for (const example of clients) expect(example.json, example.where).toMatch(/^\{\n.*"course\.completed"/s);
  });

  it('takes the payload literal of a client example, and nothing when there is none', () => {
    const code = ['import x', 'const payload = {', '  "a": 1', '};', 'send(payload);'];
    expect(JSON.parse(payloadLiteral(code))).toEqual({ a: 1 });
    expect(payloadLiteral(['print("no payload here")'])).toBe('');
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
