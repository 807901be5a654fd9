/**
 * The one way runtime code under functions/ gets zod: `import * as z from '../common/zod.js'`.
 *
 * zod/mini rather than classic zod: its functional API tree-shakes, so a Lambda bundle keeps only the schemas and
 * checks it uses (~14 KB of zod for a small schema instead of ~85 KB). Unlike classic zod it loads no messages, so
 * every issue would read "Invalid input"; loading zod's English messages here, before any schema can run, keeps
 * the 400s and exit-2 errors users see word for word what they were. The named `en` import is deliberate:
 * `z.locales.en` keeps every locale in the bundle (~260 KB), `{ en }` only the English one (~3 KB).
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
