/**
 * One state per certification, checked on 10,000 generated profiles per property: every kind of certification,
 * first cycles whose cards expire at a month end (or ACSM's year end, or NSCA's period end), renewals, CPR/AED cards
 * that run out at any time, and any day from before the exam to well after expiry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Activity,
  addDays,
  addMonths,
  type BodyCode,
  type CertificationEvaluation,
  type CredentialClaim,
  type Evaluation,
  evaluate,
  listCatalog,
  type TrainerProfile,
} from '../../../core/index.js';

const RUNS = { numRuns: 10_000 };
const CERTIFICATIONS = listCatalog().filter((row) => row.kind === 'certification');

function endOfMonth(date: string): string {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);
}

/** The expiry a body prints for an exam on `earnedOn`: month end, ACSM's year end or exact date, NSCA's period end. */
function printedExpiry(code: string, cycleMonths: number, earnedOn: string, style: number): string {
  if (code.startsWith('NSCA')) return '2026-12-31';
  if (code.startsWith('ACSM'))
    return style % 2 === 0 ? `${Number(earnedOn.slice(0, 4)) + 3}-12-31` : addDays(addMonths(earnedOn, 36), -1);
  return style % 2 === 0 ? endOfMonth(addMonths(earnedOn, cycleMonths)) : addMonths(earnedOn, cycleMonths);
}

const profileArb = fc
  .record({
    certification: fc.constantFrom(...CERTIFICATIONS),
    firstCycle: fc.boolean(),
    examOffset: fc.integer({ min: 0, max: 700 }),
    style: fc.nat(3),
    card: fc.option(fc.integer({ min: -400, max: 900 }), { nil: undefined }),
    specialization: fc.option(fc.tuple(fc.constantFrom('NASM-CES', 'NASM-PES'), fc.integer({ min: -900, max: 300 })), {
      nil: undefined,
    }),
    courses: fc.array(
      fc.record({
        day: fc.integer({ min: -800, max: 400 }),
        units: fc.integer({ min: 1, max: 600 }),
        category: fc.constantFrom('general', 'ethics', 'A', 'B', 'C', 'D', 'cpr-aed'),
      }),
      { maxLength: 6 },
    ),
    asOfOffset: fc.integer({ min: -60, max: 500 }),
  })
  .map((input) => {
    const { code, body, cycleMonths } = input.certification;
    const months = cycleMonths ?? 24;
    const earnedOn = code.startsWith('NSCA')
      ? addDays('2024-01-01', input.examOffset)
      : addDays('2024-01-01', input.examOffset);
    const expiresOn = input.firstCycle
      ? printedExpiry(code, months, earnedOn, input.style)
      : code.startsWith('NSCA')
        ? '2026-12-31'
        : endOfMonth(addDays('2026-01-01', input.examOffset));
    const claim: CredentialClaim = input.firstCycle
      ? { code, earnedOn, expiresOn }
      : { code, earnedOn: '2015-01-01', expiresOn };
    const credentials: CredentialClaim[] = [claim];
    if (input.card !== undefined) {
      const cardExpiry = endOfMonth(addDays(expiresOn, input.card - 300));
      credentials.push({ code: 'CPR-AED', earnedOn: addMonths(cardExpiry, -24), expiresOn: cardExpiry });
    }
    if (input.specialization !== undefined) {
      credentials.push({ code: input.specialization[0], earnedOn: addDays(expiresOn, input.specialization[1] - 300) });
    }
    const activities: Activity[] = input.courses.map((item, index) => ({
      title: `Course ${index}`,
      completedOn: addDays(expiresOn, item.day - 400),
      units: { [body as BodyCode]: item.units / 100 },
      category: item.category,
    }));
    const profile: TrainerProfile = { credentials, activities };
    return { profile, asOf: addDays(expiresOn, input.asOfOffset - 300), body: body as BodyCode };
  });

function onlyCertification(evaluation: Evaluation): CertificationEvaluation {
  const [certification] = evaluation.certifications;
  if (certification === undefined) throw new Error('no certification evaluated');
  return certification;
}

describe('one state per certification (10,000 generated profiles per property)', () => {
  it('shows no deadline before today unless it is labelled as passed, and every action is dated today or later', () => {
    fc.assert(
      fc.property(profileArb, ({ profile, asOf }) => {
        const certification = onlyCertification(evaluate(profile, asOf));
        for (const deadline of certification.phase.deadlines) {
          expect(deadline.passed).toBe(deadline.on < asOf);
          if (deadline.passed) expect(deadline.label).toBe('Expired on');
        }
        for (const fee of certification.phase.fees) if (fee.until !== undefined) expect(fee.until >= asOf).toBe(true);
        for (const advice of certification.recommendations) expect(advice.by >= asOf).toBe(true);
      }),
      RUNS,
    );
  });

  it('never schedules a reminder before today', () => {
    fc.assert(
      fc.property(profileArb, ({ profile, asOf }) => {
        const evaluation = evaluate(profile, asOf);
        const dates = [evaluation, ...evaluation.certifications, ...evaluation.prerequisites].map(
          (item) => item.nextReminderOn,
        );
        for (const date of dates) if (date !== null) expect(date >= asOf).toBe(true);
      }),
      RUNS,
    );
  });

  it('never dates a CPR/AED action after the card still held runs out', () => {
    fc.assert(
      fc.property(profileArb, ({ profile, asOf }) => {
        const evaluation = evaluate(profile, asOf);
        const [card] = evaluation.prerequisites;
        const action = onlyCertification(evaluation).recommendations.find((advice) => advice.code === 'CPR-AED');
        if (card !== undefined && action !== undefined && card.expiresOn >= asOf) {
          expect(action.by <= card.expiresOn).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('when requirements are met, the only advice is to submit the renewal; a lapsed-retest shows no renewal dates or fees', () => {
    fc.assert(
      fc.property(profileArb, ({ profile, asOf }) => {
        const certification = onlyCertification(evaluate(profile, asOf));
        if (
          certification.requirementsMet &&
          certification.phase.kind !== 'unknown-window' &&
          certification.phase.kind !== 'lapsed-retest'
        ) {
          expect(certification.recommendations.map((advice) => advice.code)).toEqual(['SUBMIT-RENEWAL']);
        }
        if (certification.phase.kind === 'lapsed-retest') {
          expect(certification.phase.fees).toEqual([]);
          expect(certification.phase.deadlines.map((deadline) => deadline.kind)).toEqual(['expires']);
        }
      }),
      RUNS,
    );
  });

  it('following the advice today meets the requirements, first cycles included', () => {
    fc.assert(
      fc.property(profileArb, ({ profile, asOf, body }) => {
        const before = onlyCertification(evaluate(profile, asOf));
        fc.pre(['on-track', 'behind', 'late-ce-window'].includes(before.phase.kind) && asOf >= before.cycleStartsOn);
        const credentials = [...profile.credentials];
        const activities = [...profile.activities];
        for (const advice of before.recommendations) {
          if (advice.code === 'CPR-AED')
            credentials.push({ code: 'CPR-AED', earnedOn: asOf, expiresOn: addDays(asOf, 730) });
          else if (advice.options !== undefined) credentials.push({ code: advice.options[0]!.code, earnedOn: asOf });
          else {
            const category =
              advice.code === 'ETHICS-CE'
                ? 'ethics'
                : advice.code.startsWith('CE-CATEGORY-')
                  ? advice.code.slice(-1)
                  : 'general';
            // One event per 2.0 units at most, as NSCA's per-event maximum (said in the advice) asks.
            for (let left = advice.units, part = 0; left > 0; left -= 2, part++) {
              activities.push({
                title: `${advice.code} ${part}`,
                completedOn: asOf,
                units: { [body]: Math.min(2, left) },
                category,
              });
            }
          }
        }
        expect(onlyCertification(evaluate({ credentials, activities }, asOf)).requirementsMet).toBe(true);
      }),
      RUNS,
    );
  });
});
