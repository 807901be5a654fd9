import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../common/errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The raw request bytes exactly as the client sent them (signatures are computed over these). */
export function rawBodyBytes(body: string | undefined, isBase64Encoded: boolean): Buffer {
  if (!body) return Buffer.alloc(0);
  return isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidRequestError([{ path: 'body', message: 'not valid UTF-8' }]);
  }
}

/**
 * Decodes a request body as JSON or as an HTML form (`credentials[0][code]=NASM-CPT` bracket names become nested
 * objects and arrays). Oversized bodies are refused before any parsing.
 */
export function parseBody(
  body: string | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
  maxBytes = MAX_BODY_BYTES,
): unknown {
  if (body !== undefined && body.length > maxBytes * 2) throw new PayloadTooLargeError('body: larger than 64 KB');
  const bytes = rawBodyBytes(body, isBase64Encoded);
  if (bytes.length > maxBytes) throw new PayloadTooLargeError('body: larger than 64 KB');
  if (bytes.length === 0) return undefined;
  const text = decodeUtf8(bytes);
  const mediaType = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return parseJson(text);
  if (mediaType === 'application/x-www-form-urlencoded') return parseForm(text);
  throw new UnsupportedMediaTypeError(
    `content-type ${JSON.stringify(mediaType)} is not supported; send application/json`,
  );
}

/** Deeper than any real body (a profile is 4 levels deep); deep enough to be a denial-of-service attempt. */
export const MAX_NESTING = 64;

/** The deepest `[`/`{` nesting of a JSON text, ignoring brackets inside strings. Linear, no recursion. */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth -= 1;
  }
  return deepest;
}

/**
 * JSON.parse copes with 20,000 levels, but every recursive step after it (validation, quoting the bad value in a
 * 400) would overflow the stack and answer 500; absurd nesting is refused here, before parsing.
 */
export function parseJson(text: string): unknown {
  if (jsonNestingDepth(text) > MAX_NESTING) {
    throw new InvalidRequestError([{ path: 'body', message: `nested deeper than ${MAX_NESTING} levels` }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError([{ path: 'body', message: 'not valid JSON' }]);
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
const MAX_FORM_INDEX = 500;

type FormValue = string | FormObject | FormValue[];
interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(text: string): Record<string, FormValue> {
  const root: FormObject = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const segments = name.replace(/\]/g, '').split('[');
    if (segments.length > MAX_NESTING) {
      throw new InvalidRequestError([{ path: 'body', message: `nested deeper than ${MAX_NESTING} levels` }]);
    }
    if (segments.some((segment) => FORBIDDEN_KEYS.has(segment))) {
      throw new InvalidRequestError([{ path: name, message: 'field name not allowed' }]);
    }
    assign(root, segments, value, name);
  }
  return compactArrays(root) as Record<string, FormValue>;
}

function assign(target: FormObject, segments: string[], value: string, name: string): void {
  let node: FormObject = target;
  segments.forEach((segment, i) => {
    if (/^\d+$/.test(segment) && Number(segment) > MAX_FORM_INDEX) {
      throw new InvalidRequestError([{ path: name, message: `index above ${MAX_FORM_INDEX}` }]);
    }
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (next === undefined || typeof next === 'string' || Array.isArray(next)) {
      const child: FormObject = Object.create(null);
      node[segment] = child;
      node = child;
    } else {
      node = next;
    }
  });
}

/** Objects whose keys are all indexes become arrays, in index order, with gaps dropped. */
function compactArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((key) => [key, compactArrays(value[key] as FormValue)] as const);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}
