/**
 * EventBridge's matching of an event against a rule's event pattern, for the subset Recert's rules use: lists of
 * literal values, `{ exists }`, `{ prefix }`, nested objects and `$or`. The infra tests run the synthesized pattern
 * over sample events, so a filter is asserted by what it lets through, not by the shape of its JSON.
 * Semantics as documented for EventBridge: every field of the pattern must match; a list matches when the event's
 * value (or any element of an array value) equals one of its entries; `$or` matches when any branch does.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchesValue(condition: Json, value: Json | undefined): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (isObject(condition)) {
    if ('exists' in condition) return (value !== undefined) === condition.exists;
    if ('prefix' in condition) {
      const prefix = condition.prefix;
      return values.some((v) => typeof v === 'string' && typeof prefix === 'string' && v.startsWith(prefix));
    }
    throw new Error(`unsupported pattern condition ${JSON.stringify(condition)}`);
  }
  return values.some((v) => v !== undefined && JSON.stringify(v) === JSON.stringify(condition));
}

export function matchesPattern(pattern: Record<string, Json>, event: Json | undefined): boolean {
  return Object.entries(pattern).every(([key, condition]) => {
    if (key === '$or') {
      if (!Array.isArray(condition)) throw new Error('$or must be a list');
      return condition.some((branch) => isObject(branch) && matchesPattern(branch, event));
    }
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(condition)) {
      return condition.some((entry) => matchesValue(entry, value));
    }
    if (isObject(condition)) return value !== undefined && matchesPattern(condition, value);
    throw new Error(`unsupported pattern field ${key}: ${JSON.stringify(condition)}`);
  });
}
