import { describe, expect, it } from 'vitest';
import {
  ActivitySchema,
  CredentialClaimSchema,
  parseTrainerProfile,
  TrainerProfileSchema,
} from '../../../../functions/record/profile-schema.js';

const CPT = { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' };
const KETTLEBELL = {
  title: 'Kettlebell workshop',
  completedOn: '2026-02-01',
  units: { NASM: 0.5 },
  category: 'general',
};

function issuesFor(input: unknown): readonly string[] {
  const result = parseTrainerProfile(input);
  return result.success ? [] : result.issues;
}

describe('TrainerProfileSchema', () => {
  it('accepts the issue example and defaults activities to none', () => {
    const result = parseTrainerProfile({
      credentials: [CPT, { code: 'NASM-CES', earnedOn: '2026-03-15' }, { code: 'CPR-AED', expiresOn: '2028-01-31' }],
      activities: [KETTLEBELL],
    });
    expect(result.success).toBe(true);
    expect(TrainerProfileSchema.parse({ credentials: [CPT] }).activities).toEqual([]);
  });

  it.each([
    [
      'a year no card carries',
      { credentials: [CPT, { code: 'CPR-AED', expiresOn: '0001-01-01' }] },
      'credentials[1].expiresOn: must be between 1900 and 2199 (got "0001-01-01")',
    ],
    [
      'an impossible date',
      { credentials: [CPT, { code: 'CPR-AED', expiresOn: '2027-02-30' }] },
      'credentials[1].expiresOn: not a calendar date (got "2027-02-30")',
    ],
    [
      'an unknown code',
      { credentials: [{ code: 'NASM-XYZ', expiresOn: '2027-06-30' }] },
      'credentials[0].code: unknown credential code (got "NASM-XYZ")',
    ],
    [
      'negative units',
      { credentials: [CPT], activities: [{ ...KETTLEBELL, units: { NASM: -0.5 } }] },
      'activities[0].units.NASM: must be 0 or more (got -0.5)',
    ],
    [
      'three decimals',
      { credentials: [CPT], activities: [{ ...KETTLEBELL, units: { NASM: 0.333 } }] },
      'activities[0].units.NASM: at most 2 decimals (got 0.333)',
    ],
    [
      'an unknown body',
      { credentials: [CPT], activities: [{ ...KETTLEBELL, units: { YMCA: 1 } }] },
      'activities[0].units.YMCA: unknown field',
    ],
    [
      'an NSCA expiry that is not the end of a reporting period',
      { credentials: [{ code: 'NSCA-CSCS', earnedOn: '2020-03-01', expiresOn: '2026-11-30' }] },
      'credentials[0].expiresOn: NSCA-CSCS certifications expire at the end of a reporting period: use 2026-12-31 (31 Dec 2026) (got "2026-11-30")',
    ],
    [
      'expiry before earned',
      { credentials: [{ ...CPT, expiresOn: '2025-06-29' }] },
      'credentials[0].expiresOn: before earnedOn 2025-06-30 (got "2025-06-29")',
    ],
    [
      'a certification without expiry',
      { credentials: [{ code: 'NASM-CPT' }] },
      'credentials[0].expiresOn: required for certification NASM-CPT',
    ],
    [
      'a CPR card without expiry',
      { credentials: [{ code: 'CPR-AED', earnedOn: '2026-01-10' }] },
      'credentials[0].expiresOn: required for prerequisite CPR-AED',
    ],
    [
      'a specialization without earnedOn',
      { credentials: [{ code: 'NASM-PES' }] },
      'credentials[0].earnedOn: required for specialization NASM-PES',
    ],
    ['an unknown field', { credentials: [{ ...CPT, note: 'x' }] }, 'credentials[0].note: unknown field'],
    [
      'an unknown category',
      { credentials: [CPT], activities: [{ ...KETTLEBELL, category: 'E' }] },
      'activities[0].category:',
    ],
    [
      'an over-long title',
      { credentials: [CPT], activities: [{ ...KETTLEBELL, title: 'x'.repeat(201) }] },
      'activities[0].title:',
    ],
    ['no credentials list', { activities: [] }, 'credentials: required'],
    ['51 credentials', { credentials: Array.from({ length: 51 }, () => CPT) }, 'credentials:'],
    [
      '501 activities',
      { credentials: [CPT], activities: Array.from({ length: 501 }, () => KETTLEBELL) },
      'activities:',
    ],
    ['not an object', 'hello', '(profile):'],
    [
      'the same certification twice',
      { credentials: [CPT, { code: 'CPR-AED', expiresOn: '2028-01-31' }, { ...CPT, expiresOn: '2029-06-30' }] },
      'credentials[2].code: duplicate certification, already at credentials[0] (got "NASM-CPT")',
    ],
  ])('rejects %s with the field path and the bad value', (_case, input, message) => {
    const issues = issuesFor(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(
      issues.some((issue) => issue.startsWith(message)),
      issues.join('\n'),
    ).toBe(true);
  });

  it('accepts two CPR/AED cards and the same specialization code twice (only certifications must be unique)', () => {
    const card = { code: 'CPR-AED', expiresOn: '2028-01-31' };
    const ces = { code: 'NASM-CES', earnedOn: '2026-03-15' };
    expect(issuesFor({ credentials: [CPT, card, { ...card, expiresOn: '2026-01-31' }, ces, ces] })).toEqual([]);
  });

  it('reports every issue at once', () => {
    expect(
      issuesFor({
        credentials: [{ code: 'NOPE' }, { code: 'CPR-AED', expiresOn: '2027-02-30' }],
        activities: [{ ...KETTLEBELL, completedOn: '2026-02-29' }],
      }),
    ).toHaveLength(3);
  });
});

describe('the reusable parts', () => {
  it('validates one claim or one activity on its own', () => {
    expect(CredentialClaimSchema.safeParse({ code: 'NSCA-CSCS', expiresOn: '2026-12-31' }).success).toBe(true);
    expect(ActivitySchema.safeParse({ ...KETTLEBELL, courseCode: 'CEP-1' }).success).toBe(true);
    expect(ActivitySchema.safeParse({ ...KETTLEBELL, units: { NASM: Number.POSITIVE_INFINITY } }).success).toBe(false);
  });
});
