import { describe, expect, it } from 'vitest';
import { readShareForm } from '../../../../../functions/features/sharing/share-form.js';

const held = ['NASM-CPT', 'ACE-CPT'];

describe('the "Make a share link" form', () => {
  it('reads the chosen certifications (once each), the lifetime in days and a trimmed label', () => {
    expect(
      readShareForm({ codes: ['NASM-CPT', 'ACE-CPT', 'NASM-CPT'], expires: '365', label: '  Northside  ' }, held),
    ).toEqual({ ok: true, request: { codes: ['NASM-CPT', 'ACE-CPT'], days: 365, label: 'Northside' } });
    expect(readShareForm({ codes: ['ACE-CPT'], expires: 'never', label: '' }, held)).toEqual({
      ok: true,
      request: { codes: ['ACE-CPT'], days: null },
    });
  });

  it.each([
    ['nothing chosen', { expires: '90' as const }, 'codes', 'Choose at least one certification to show'],
    [
      'a certification not on the record',
      { codes: ['NSCA-CSCS'], expires: '90' as const },
      'codes',
      'Choose from the certifications on your record: one you chose is not on it any more',
    ],
    [
      'a label too long',
      { codes: ['NASM-CPT'], expires: '90' as const, label: 'x'.repeat(61) },
      'label',
      'Keep it to 60 characters',
    ],
    [
      'a label with a line break',
      { codes: ['NASM-CPT'], expires: '90' as const, label: 'North\nside' },
      'label',
      'Keep it to one line of plain text',
    ],
    ['no lifetime', { codes: ['NASM-CPT'] }, 'form', 'Choose how long the link works'],
  ])('%s: the message in the trainer’s words, next to its field', (_case, form, field, message) => {
    const read = readShareForm(form, held);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.posted.action).toBe('share-create');
    expect(read.posted.errors[field]).toBe(message);
  });

  it('keeps what was typed and ticked (the held ones) to show the form again', () => {
    const read = readShareForm({ codes: ['ACE-CPT', 'NSCA-CSCS'], expires: '30', label: 'Gym' }, held);
    expect(read.ok ? undefined : read.posted.values).toEqual({ codes: 'ACE-CPT', expires: '30', label: 'Gym' });
  });
});
