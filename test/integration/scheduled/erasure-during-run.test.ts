/**
 * "Delete my data" wins against the daily run at every step of a send (issue 12, case 1): the trainer erases their
 * data after the run read its due-index page, between the run's re-read and its ledger claims, while SES is
 * accepting the email, and after it. The run never aborts, the other trainer is emailed once, and nothing is left
 * under the erased id.
 */
import { describe, expect, it } from 'vitest';
import type { ReminderRunDependencies } from '../../../functions/features/reminders/run-dependencies.js';
import type { LocalAws } from '../../helpers/local-aws.js';
import {
  type Arranged,
  arrangeTrainer,
  CPT_AND_CPR,
  context,
  ledgerRows,
  localAwsForEachTest,
  mailboxCounts,
  makeHandler,
  RUN_DAY,
  scheduledEvent,
  trainerItem,
} from './fixtures.js';

let aws: LocalAws;
localAwsForEachTest((started) => {
  aws = started;
});

type Step = 'before the re-read' | 'before the claims' | 'during the send' | 'after the send';

/** Dependencies that erase `victim` once, at `step`, through the same operation `DELETE /api/me` uses. */
function erasingAt(step: Step, victim: Arranged) {
  let erased = false;
  const erase = async (trainerId: string): Promise<void> => {
    if (erased || trainerId !== victim.trainerId) return;
    erased = true;
    await aws.repositories.dataSubject.deleteTrainer(victim.trainerId);
  };
  return (deps: ReminderRunDependencies): ReminderRunDependencies => ({
    ...deps,
    trainers: {
      ...deps.trainers,
      get: async (trainerId) => {
        if (step === 'before the re-read') await erase(trainerId);
        return deps.trainers.get(trainerId);
      },
    },
    reminderLedger: {
      ...deps.reminderLedger,
      claim: async (key, options) => {
        if (step === 'before the claims') await erase(key.trainerId);
        return deps.reminderLedger.claim(key, options);
      },
      markSent: async (key, options) => {
        if (step === 'after the send') await erase(key.trainerId);
        return deps.reminderLedger.markSent(key, options);
      },
    },
    mailer: {
      send: async (message, options) => {
        if (step === 'during the send' && message.to === victim.email) await erase(victim.trainerId);
        return deps.mailer.send(message, options);
      },
    },
  });
}

describe('erasure during the daily run', () => {
  it.each<[Step, number]>([
    ['before the re-read', 0],
    ['before the claims', 0],
    // SES already had the message when the erasure landed: the one in-flight email, nothing after it.
    ['during the send', 1],
    ['after the send', 1],
  ])(
    'erased %s: %i email to them, none after, the run completes and nothing is left under their id',
    async (step, emails) => {
      const victim = await arrangeTrainer(aws, CPT_AND_CPR);
      const other = await arrangeTrainer(aws, CPT_AND_CPR);

      const result = await makeHandler({ wrap: erasingAt(step, victim) })(scheduledEvent(RUN_DAY), context());

      expect(result).toMatchObject({ status: 'completed' });
      const counts = await mailboxCounts(aws);
      expect(counts.get(victim.email) ?? 0).toBe(emails);
      expect(counts.get(other.email)).toBe(1);
      expect(await trainerItem(aws, victim.trainerId)).toBeUndefined();
      expect((await ledgerRows(aws)).filter((row) => row.trainerId === victim.trainerId)).toEqual([]);

      // A second run the same day sends nothing more to anyone.
      await makeHandler()(scheduledEvent(RUN_DAY, 'evt-again'), context());
      expect(await mailboxCounts(aws)).toEqual(counts);
    },
  );
});
