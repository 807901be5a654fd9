/**
 * One certification cycle's credits: running totals after NSCA category maximums, and the replay that dates the day
 * the requirements were first met. Both are reused from one certification to the next (reset, then filled), so
 * tallying allocates nothing.
 */
import type { DayNumber } from './calendar-date.js';
import type { Hundredths } from './types.js';

/** Running totals for one certification's cycle (reused: reset per certification). */
export class Tally {
  total = 0;
  ethics = 0;
  /** Per NSCA category, only meaningful when `maximums` is set. */
  readonly categories: number[] = [0, 0, 0, 0];
  maximums: readonly Hundredths[] | null = null;
  uncategorisedIndex = -1;

  reset(maximums: readonly Hundredths[] | null, uncategorisedIndex: number): void {
    this.total = 0;
    this.ethics = 0;
    this.maximums = maximums;
    this.uncategorisedIndex = uncategorisedIndex;
    const categories = this.categories;
    categories[0] = 0;
    categories[1] = 0;
    categories[2] = 0;
    categories[3] = 0;
  }

  add(units: Hundredths, categoryIndex: number, ethics: boolean): void {
    this.total += units;
    if (ethics) this.ethics += units;
    if (this.maximums !== null) {
      const index = categoryIndex < 0 ? this.uncategorisedIndex : categoryIndex;
      this.categories[index]! += units;
    }
  }

  /** Units that count, after category maximums. */
  counted(): Hundredths {
    const maximums = this.maximums;
    if (maximums === null) return this.total;
    let sum = 0;
    for (let index = 0; index < 4; index++) sum += Math.min(this.categories[index]!, maximums[index] ?? 0);
    return sum;
  }

  /** Counted units per category, written into `into`; null for bodies without categories. */
  countedPerCategory(into: Hundredths[]): Hundredths[] | null {
    const maximums = this.maximums;
    if (maximums === null) return null;
    for (let index = 0; index < 4; index++) into[index] = Math.min(this.categories[index]!, maximums[index] ?? 0);
    return into;
  }

  usedCategories(): number {
    let used = 0;
    if (this.maximums !== null) for (let index = 0; index < 4; index++) if (this.categories[index]! > 0) used++;
    return used;
  }
}

/** Requirement figures of one cycle, for replaying credits. */
export interface ReadinessRule {
  readonly required: Hundredths;
  readonly cprCredit: Hundredths;
  readonly ethicsUnits: Hundredths;
  readonly minCategories: number;
}

function isMet(replay: Tally, rule: ReadinessRule, cprOk: boolean): boolean {
  const earned = replay.counted() + (cprOk ? rule.cprCredit : 0);
  const categoriesMissing =
    replay.maximums === null || rule.required === 0 ? 0 : Math.max(0, rule.minCategories - replay.usedCategories());
  return earned >= rule.required && cprOk && rule.ethicsUnits - replay.ethics <= 0 && categoriesMissing === 0;
}

/** The credits counted for the cycle being evaluated, in the order they were found. */
export class CreditLog {
  private count = 0;
  private readonly days: DayNumber[] = [];
  private readonly units: Hundredths[] = [];
  private readonly categories: number[] = [];
  private readonly ethics: boolean[] = [];
  private readonly order: number[] = [];

  clear(): void {
    this.count = 0;
  }

  add(day: DayNumber, units: Hundredths, categoryIndex: number, ethics: boolean): void {
    const credit = this.count++;
    this.days[credit] = day;
    this.units[credit] = units;
    this.categories[credit] = categoryIndex;
    this.ethics[credit] = ethics;
  }

  /**
   * The day requirements became met: replay the credits in date order into `replay` (reset by the caller) until
   * they are. `cprDay` is the day the card started counting, when `cprCounts`.
   */
  readyDay(
    cprDay: DayNumber,
    cycleStartDay: DayNumber,
    replay: Tally,
    rule: ReadinessRule,
    cprCounts: boolean,
  ): DayNumber {
    const { count, days, order } = this;
    // Insertion sort of credit indexes by day: a handful of credits; same-day order does not change any total.
    for (let index = 0; index < count; index++) {
      const day = days[index]!;
      let slot = index;
      while (slot > 0 && days[order[slot - 1]!]! > day) {
        order[slot] = order[slot - 1]!;
        slot--;
      }
      order[slot] = index;
    }
    let day = cycleStartDay;
    if (isMet(replay, rule, !cprCounts || cprDay <= day)) return day;
    let next = 0;
    while (next < count || (cprCounts && day < cprDay)) {
      const creditDay = next < count ? days[order[next]!]! : Number.POSITIVE_INFINITY;
      day = cprCounts && cprDay > day && cprDay < creditDay ? cprDay : creditDay;
      while (next < count && days[order[next]!] === day) {
        const credit = order[next++]!;
        replay.add(this.units[credit]!, this.categories[credit]!, this.ethics[credit]!);
      }
      if (isMet(replay, rule, !cprCounts || cprDay <= day)) return day;
    }
    return day;
  }
}
