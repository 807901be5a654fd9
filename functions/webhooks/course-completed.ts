import { lazyProviderLookup } from '../edge/provider-secrets.js';
import { webhookRoute } from '../edge/webhook-route.js';
import {
  DEFAULT_DUPLICATE_WAIT,
  type DuplicateWait,
  handleCourseCompleted,
} from '../features/course-credit/record-completion.js';
import { type MailingDependencies, mailingDependencies } from '../wiring/mailing-dependencies.js';

export { CourseCompletedPayloadSchema } from '../features/course-credit/completion-payload.js';

/** POST /webhooks/{providerId}: a course provider's signed "course completed" (docs/webhooks.md). */
export function createCourseCompletedHandler(
  load: () => Promise<MailingDependencies> = mailingDependencies,
  wait: DuplicateWait = DEFAULT_DUPLICATE_WAIT,
) {
  return webhookRoute({ findProvider: lazyProviderLookup(load) }, async (delivery) =>
    handleCourseCompleted(await load(), delivery, wait),
  );
}

export const handler = createCourseCompletedHandler();
