import type { $ZodError } from 'zod/v4/core';
import type { FieldIssue } from './errors.js';

/** `['credentials', 1, 'expiresOn']` → `credentials[1].expiresOn`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Shows the offending value, shortened so a 1 MB string cannot flood a response or a log. */
function describeValue(value: unknown): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep or cyclic to show; the path already says where the problem is.
    return '';
  }
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/** zod issues (zod/mini or classic zod) → messages naming the field path, why, and the bad value. */
export function toFieldIssues(error: $ZodError, input: unknown, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    const offending = issue.code === 'unrecognized_keys' ? undefined : valueAt(input, issue.path);
    return { path: formatPath(path), message: `${issue.message}${describeValue(offending)}` };
  });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * One line per issue: field path, reason and the bad value, e.g.
 * `credentials[1].expiresOn: not a calendar date (got "2027-02-30")`. Pass the raw input so values can be quoted;
 * `whole` names the input itself when the issue is about all of it.
 */
export function formatIssues(error: $ZodError, input?: unknown, whole = '(profile)'): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`).join('; ');
    }
    const path = formatPath(issue.path) || whole;
    const value = 'input' in issue && issue.input !== undefined ? issue.input : valueAt(input, issue.path);
    if (value === undefined) return issue.code === 'invalid_type' ? `${path}: required` : `${path}: ${issue.message}`;
    return `${path}: ${issue.message} (got ${describe(value)})`;
  });
}
