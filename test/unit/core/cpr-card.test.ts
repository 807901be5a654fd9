import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CredentialClaim, evaluate, type TrainerProfile } from '../../../core/index.js';

// ISSA needs the CPR/AED card valid at least 30 days beyond the submission date (docs/rules/issa.md).
const EXPIRES_ON = '2026-11-20';
const ISSA: CredentialClaim = { code: 'ISSA-CPT', expiresOn: EXPIRES_ON };
const FINISH_BY = '2026-10-21';
const ALL_HOURS = { title: 'Course', completedOn: '2026-03-01', units: { ISSA: 20 }, category: 'general' };

function issaWithCard(cardExpiresOn: string): TrainerProfile {
  return { credentials: [ISSA, { code: 'CPR-AED', expiresOn: cardExpiresOn }], activities: [ALL_HOURS] };
}

function issaOn(asOf: string, cardExpiresOn: string) {
  const [certification] = evaluate(issaWithCard(cardExpiresOn), asOf).certifications;
  if (certification === undefined) throw new Error('no certification evaluated');
  return certification;
}

describe('ISSA: the CPR/AED card valid 30 days past submission', () => {
  it('after finishBy, a card running out 25 days from today → renew the card, not "every requirement met"', () => {
    const certification = issaOn('2026-11-05', '2026-11-30');
    expect(certification.requirementsMet).toBe(false);
    expect(certification.missing.map((item) => item.requirement)).toEqual(['cpr-aed']);
    expect(certification.recommendations[0]).toMatchObject({
      code: 'CPR-AED',
      why: expect.stringContaining('ISSA needs it valid 30 days past your ISSA-CPT renewal submission'),
    });
    expect(certification.phase.kind).not.toBe('ready-to-submit');
    expect(certification.phase.summary).not.toContain('You have met every');
  });

  it.each([
    ['before finishBy: planned for a submission on finishBy', '2026-09-01', addDays(FINISH_BY, 30)],
    ['after finishBy, before expiry: a submission today at the earliest', '2026-11-05', '2026-12-05'],
    ['on the expiry day', '2026-11-20', '2026-12-20'],
    ['in the late window', '2027-01-10', '2027-02-09'],
  ])('%s → a card valid through %s + 30 days is enough, one day less is not', (_story, asOf, neededThrough) => {
    expect(issaOn(asOf, neededThrough).requirementsMet).toBe(true);
    expect(issaOn(asOf, addDays(neededThrough, -1)).requirementsMet).toBe(false);
  });

  it('never calls the renewal ready while the card runs out within 30 days of the earliest possible submission', () => {
    fc.assert(
      fc.property(fc.integer({ min: -120, max: 200 }), fc.integer({ min: 0, max: 400 }), (fromExpiry, cardDays) => {
        const asOf = addDays(EXPIRES_ON, fromExpiry);
        const cardExpiresOn = addDays(asOf, cardDays);
        const earliestSubmission = asOf > FINISH_BY ? asOf : FINISH_BY;
        const longEnough = cardExpiresOn >= addDays(earliestSubmission, 30) && cardExpiresOn >= EXPIRES_ON;
        expect(issaOn(asOf, cardExpiresOn).requirementsMet).toBe(longEnough);
      }),
    );
  });
});
