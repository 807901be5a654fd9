/** Defaults the body files build on, so each entry states only what differs. */
import type { CalendarDate, Hundredths } from '../types.js';
import type { AfterExpiryRule, Confidence, CycleRule, Fee, RequirementRule } from './rules.js';
import { months } from './rules.js';

/** `effectiveFrom` of rules with no known start: they apply to any card. */
export const ALWAYS: CalendarDate = '1990-01-01';

/** CE must be reported this many days before expiry for the body to process it in time: finishBy = expiry − 30. */
export const FINISH_LEAD_DAYS = 30;

/** Two years from the anniversary; cards printed at the month end make a first cycle up to a month longer. */
export const TWO_YEARS_ANNIVERSARY: CycleRule = { anchor: 'anniversary', months: 24, firstCycleSlack: months(1) };

/** A requirement of `units` per cycle with a current CPR/AED card and nothing else unless stated. */
export function requirement(units: Hundredths, overrides: Partial<RequirementRule> = {}): RequirementRule {
  return {
    units,
    firstCycleUnits: null,
    cprRequired: true,
    cprCardCredit: 0,
    cprCourseCredit: { kind: 'none' },
    cprValidDaysAfterSubmission: 0,
    ethicsUnits: 0,
    repeatsCount: true,
    perEventCap: null,
    ...overrides,
  };
}

export function fee(usd: number | null, confidence: Confidence, note: string | null = null): Fee {
  return { usd, note, confidence };
}

/** What the sources say about renewing after expiry when they say nothing: unknown, never "lapsed". */
export const UNKNOWN_AFTER_EXPIRY: AfterExpiryRule = {
  renewal: 'unknown',
  lateCe: null,
  lateFees: 'unknown',
  reinstatement: null,
  reinstatementFee: null,
};
