import { addDays, addMonths, type CalendarDate, evaluate, type TrainerProfile } from '../../core/index.js';
import { newTrainerId } from '../../functions/adapters/dynamodb/trainer-repository.js';
import { createDocumentClient } from '../../functions/common/clients.js';
import { createTokenService } from '../../functions/common/tokens.js';
import { createLinks, createRepositories } from '../../functions/wiring/dependencies.js';
import type { LocalStack } from './local-stack.js';

export type DemoSeedResult =
  | { readonly seeded: true; readonly summary: string }
  | { readonly seeded: false; readonly reason: string };

export const DEMO_EMAIL = 'sam.lee@example.com';

/**
 * The seed's story, dated relative to `today` so a reminder is due at once: Sam's NASM-CPT renews in four
 * months, the NASM-CES was earned last cycle (so it no longer counts: NASM-PES is the advice), and the CPR/AED
 * card lapses two months from now, before the renewal.
 */
export function demoProfile(today: CalendarDate): TrainerProfile {
  const expiresOn = addDays(today, 120);
  const cycleStartsOn = addMonths(expiresOn, -24);
  return {
    credentials: [
      { code: 'NASM-CPT', earnedOn: cycleStartsOn, expiresOn },
      { code: 'NASM-CES', earnedOn: addDays(cycleStartsOn, -200) },
      { code: 'CPR-AED', earnedOn: addMonths(addDays(today, 60), -24), expiresOn: addDays(today, 60) },
    ],
    activities: [],
  };
}

/** Seeds the demo trainer as a confirmed sign-up, so one `npm run scan` puts a real reminder in the mailbox. */
export async function seedDemo(stack: LocalStack, now = new Date()): Promise<DemoSeedResult> {
  const today = now.toISOString().slice(0, 10);
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: stack.urls.dynamodb });
  const repositories = createRepositories({ client, tableName: stack.tableName });
  const existing = await repositories.emailClaims.find(DEMO_EMAIL);
  const trainerId = existing ?? newTrainerId();
  if (!existing) {
    const profile = demoProfile(today);
    await repositories.emailClaims.claim(DEMO_EMAIL, trainerId, now);
    await repositories.trainers.create({
      trainerId,
      email: DEMO_EMAIL,
      name: 'Sam Lee',
      profile,
      nextReminderOn: evaluate(profile, today).nextReminderOn,
      now,
    });
  }
  const signingKey = stack.env.TOKEN_SIGNING_KEY;
  const statusUrl = signingKey
    ? createLinks(stack.urls.form).status(createTokenService(signingKey).issue('status', trainerId, now))
    : stack.urls.form;
  return {
    seeded: true,
    summary: `${existing ? 'Demo trainer already there' : 'Seeded demo trainer'}: Sam Lee <${DEMO_EMAIL}>. Run a scan (npm run scan -- --today ${today}), then open the mailbox. Status page: ${statusUrl}`,
  };
}
