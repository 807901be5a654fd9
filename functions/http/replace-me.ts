import type { TrainerProfile } from '../../core/index.js';
import { ok } from '../common/http.js';
import type * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { replaceProfile } from '../features/my-record/replace-profile.js';
import { authenticate } from '../features/my-record/session.js';
import { TrainerProfileSchema } from '../record/profile-schema.js';
import { dependencies } from '../wiring/dependencies.js';

export { TrainerProfileSchema as ReplaceMeBody };

/** Zod types absent optional keys as `T | undefined`; parsed JSON never holds an explicit undefined. */
const ReplaceMeSchema = TrainerProfileSchema as unknown as z.ZodMiniType<TrainerProfile>;

/** PUT /api/me (Bearer status token): replaces the trainer's profile and answers with the new evaluation. */
export const handler = httpRoute({ body: ReplaceMeSchema }, async ({ body, headers, now }) => {
  const deps = await dependencies();
  return ok(await replaceProfile(deps, await authenticate(deps, headers, now), body, now));
});
