import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../../../functions/pages/plain-messages.js';
import { parseTrainerProfile } from '../../../../functions/record/profile-schema.js';

/** The schema's own issue for `profile`, as the JSON API reports it (`path: message (got …)`), in form words. */
function formWords(profile: unknown): string[] {
  const parsed = parseTrainerProfile(profile);
  if (parsed.success) return [];
  return parsed.issues.map((issue) => {
    const at = issue.indexOf(': ');
    return plainMessage(issue.slice(0, at), issue.slice(at + 2));
  });
}

describe('form errors in a trainer’s words', () => {
  it('says an expiry before the earned date with the earned date as the trainer reads it', () => {
    const issues = formWords({ credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2025-01-31' }] });
    expect(issues).toEqual(['Expiry must be after the date you earned it (30 Jun 2025)']);
  });

  it('asks for a number, with an example, when the units are not one', () => {
    const issues = formWords({
      credentials: [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }],
      activities: [{ title: 'Kettlebells', completedOn: '2026-02-01', units: { NASM: 'one' } }],
    });
    expect(issues).toEqual(['Units must be a number, like 1.5']);
  });

  it('never shows a field path or a library phrase for the common mistakes', () => {
    const issues = formWords({
      credentials: [{ code: 'NASM-CPT' }, { code: 'NASM-CPT', expiresOn: '2027-02-30' }, { code: 'NOPE-1' }],
      activities: [{ title: '', completedOn: '2026-02-01', units: { NASM: 0.123 } }],
    });
    expect(issues).toEqual([
      'Enter the expiry date printed on your card',
      'Enter the expiry date printed on your card as a real date',
      'Choose a certification from the list',
      'Enter the course title',
      'Units can have at most 2 decimals, like 1.25',
    ]);
    for (const issue of issues) expect(issue).not.toMatch(/\[|\]|expected|received|earnedOn|expiresOn/);
  });
});
