/**
 * The timeline in one sentence, in date order, with the same labels and dates it draws: the page's caption (what a
 * screen reader says for the picture) and, in the reminder, the picture's alt text and its plain-text stand-in.
 */
import { formatLongDate } from '../email/dates.js';
import type { CycleTimeline } from './timeline-model.js';

/** `Finish your CE by` → `finish your CE by`; `CPR/AED card …` keeps its capitals. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

/** `finish your CE by 31 May 2027`, `last day to renew late: 30 Jun 2028`. */
function dated(label: string, on: string): string {
  const joiner = /\b(by|on|until)$/.test(label) ? ' ' : ': ';
  return `${lowerFirst(label)}${joiner}${formatLongDate(on)}`;
}

/** `1 Feb 2026, 15 Mar 2026 and 2 Oct 2026`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function timelineSentence(timeline: CycleTimeline): string {
  const phrases: { on: string; order: number; text: string }[] = [];
  for (const mark of timeline.marks) {
    phrases.push({ on: mark.on, order: mark.kind === 'cycle-start' ? 0 : 3, text: dated(mark.label, mark.on) });
  }
  const [firstCredit] = timeline.credits;
  if (firstCredit) {
    const count = timeline.credits.length;
    const dates = listOf(timeline.credits.map((credit) => formatLongDate(credit.on)));
    phrases.push({
      on: firstCredit.on,
      order: 1,
      text: `${count} ${count === 1 ? 'course' : 'courses'} counted, on ${dates}`,
    });
  }
  phrases.push({ on: timeline.asOf, order: 2, text: `today is ${formatLongDate(timeline.asOf)}` });
  if (timeline.card)
    phrases.push({ on: timeline.card.expiresOn, order: 4, text: dated(timeline.card.label, timeline.card.expiresOn) });
  phrases.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.order - b.order));
  return `Timeline of ${timeline.code}: ${phrases.map((phrase) => phrase.text).join('; ')}.`;
}
