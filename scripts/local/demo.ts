import { addDays, addMonths, type CalendarDate, evaluate, type TrainerProfile } from '../../core/index.js';
import { newTrainerId } from '../../functions/adapters/dynamodb/trainer-repository.js';
import { createDocumentClient } from '../../functions/common/clients.js';
import { createTokenService } from '../../functions/common/tokens.js';
import { createLinks, createRepositories } from '../../functions/wiring/dependencies.js';
import type { LocalStack } from './local-stack.js';

export type DemoSeedResult =
  | {
      readonly seeded: true;
      readonly summary: string;
      /** The scan that puts Sam's next reminder in the mailbox; absent when Sam has none left to send. */
      readonly scanCommand?: string;
    }
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

/**
 * The exact `npm run scan` that sends Sam's next reminder: on the day it falls due (today for a fresh seed, as
 * `demoProfile` is dated from today), with `--force` when that day's run has already completed here.
 */
async function demoScanCommand(
  repositories: ReturnType<typeof createRepositories>,
  trainerId: string,
  today: CalendarDate,
  now: Date,
): Promise<string | undefined> {
  const trainer = await repositories.trainers.get(trainerId);
  if (!trainer || trainer.suppressed || trainer.nextReminderOn === null) return undefined;
  // A reminder that fell due on an earlier day is still due today: the run reads every trainer due on or before it.
  const day = trainer.nextReminderOn > today ? trainer.nextReminderOn : today;
  const completed = (await repositories.runCheckpoints.get(day, now))?.completedAt !== undefined;
  return `npm run scan -- --today ${day}${completed ? ' --force' : ''}`;
}

/** Seeds the demo trainer as a confirmed sign-up, and says which `npm run scan` puts its reminder in the mailbox. */
export async function seedDemo(stack: LocalStack, now = new Date()): Promise<DemoSeedResult> {
  const today = now.toISOString().slice(0, 10);
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: stack.urls.dynamodb });
  try {
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
    const scanCommand = await demoScanCommand(repositories, trainerId, today, now);
    const next = scanCommand
      ? `To put Sam's reminder in the mailbox (${stack.urls.mailbox}): ${scanCommand}`
      : 'Sam has no reminder left to send (all sent, or reminders turned off): npm run demo -- --memory starts afresh';
    return {
      seeded: true,
      summary: `${existing ? 'Demo trainer already there' : 'Seeded demo trainer'}: Sam Lee <${DEMO_EMAIL}>. ${next}. Status page: ${statusUrl}`,
      ...(scanCommand ? { scanCommand } : {}),
    };
  } finally {
    client.destroy();
  }
}
