import { html, ok } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { isFormPost, pageOrJson, tokenPageErrorResponse } from '../edge/page-or-json.js';
import { confirmTrainer } from '../features/signup/confirm-trainer.js';
import { renderConfirmedPage } from '../pages/token-pages.js';
import { dependencies } from '../wiring/dependencies.js';

export const ConfirmationBody = z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** Activates the trainer behind a confirm token and returns their status-page link. */
async function confirm(token: string, now: Date): Promise<string> {
  const deps = await dependencies();
  const trainerId = await confirmTrainer(deps, token, now);
  return deps.links.status(deps.tokens.issue('status', trainerId, now));
}

/** POST /api/confirmations (JSON): `{ token }` → `{ statusUrl }`. */
async function confirmJson({ body, now }: { body: z.infer<typeof ConfirmationBody>; now: Date }) {
  return ok({ statusUrl: await confirm(body.token, now) });
}

/** POST /api/confirmations (the confirm page's button): the "you are confirmed" page with the status link. */
async function confirmForm({ body, now }: { body: z.infer<typeof ConfirmationBody>; now: Date }) {
  return html(200, renderConfirmedPage(await confirm(body.token, now)));
}

export const handler = pageOrJson(
  isFormPost,
  httpRoute({ body: ConfirmationBody, renderError: tokenPageErrorResponse }, confirmForm),
  httpRoute({ body: ConfirmationBody }, confirmJson),
);
