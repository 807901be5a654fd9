import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../../../../functions/contract/openapi.js';

/** A made-up base URI: the components only need one to resolve their `$ref`s against. */
const ROOT = 'https://recert.invalid/openapi.json';

/**
 * Ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect) over the document's `components.schemas`. They become `$defs` of
 * one root schema, so `#/components/schemas/X` references resolve as `#/$defs/X`; strict mode, so an unknown keyword
 * or format in a generated schema fails rather than being ignored.
 */
export function componentValidator(document: OpenApiDocument) {
  const defs = JSON.parse(
    JSON.stringify(document.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'),
  ) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // ajv-formats is CommonJS: its default export is the plugin function, typed as the module object under NodeNext.
  addFormats.default(ajv);
  ajv.addSchema({ $id: ROOT, $defs: defs });

  return {
    ajv,
    /** The compiled validator of one component schema, by name. */
    schema(name: string): ValidateFunction {
      const validate = ajv.getSchema(`${ROOT}#/$defs/${name}`);
      if (!validate) throw new Error(`components.schemas has no ${name}`);
      return validate;
    },
  };
}

/** `#/components/schemas/X` → `X`; a body or answer that is not a reference to a component is a generator bug. */
export function componentName(schema: unknown): string {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) {
    throw new Error(`expected a $ref to a component schema, got ${JSON.stringify(schema)}`);
  }
  return ref.slice('#/components/schemas/'.length);
}
