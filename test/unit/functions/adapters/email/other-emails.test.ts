import { describe, expect, it } from 'vitest';
import {
  type CreditRecordedInput,
  RenderInputError,
  renderConfirmation,
  renderCreditRecorded,
} from '../../../../../functions/adapters/email/index.js';
import { cpt, links, sender } from './fixtures.js';

const confirmUrl = 'https://recert.example.com/confirm?token=cf_sam';

describe('renderConfirmation', () => {
  const message = renderConfirmation({ name: 'Sam Lee', to: 'sam@example.com', confirmUrl, sender });

  it('asks to confirm the address with exactly one link', () => {
    expect(message.subject).toBe('Confirm your email for Recert');
    expect(message.html.match(/href=/g)).toHaveLength(1);
    expect(message.html).toContain(`href="${confirmUrl}"`);
    expect(message.text).toContain(`Confirm my email: ${confirmUrl}`);
  });

  it('promises nothing else is sent until the address is confirmed', () => {
    expect(message.text).toContain('We send nothing else to this address until you confirm.');
  });

  it('carries the postal address but no list headers: the address is on no list yet', () => {
    expect(message.text).toContain(sender.postalAddress);
    expect(message.headers).toEqual({});
  });
});

describe('renderCreditRecorded', () => {
  const base: CreditRecordedInput = {
    name: 'Sam Lee',
    to: 'sam@example.com',
    credit: { title: 'NASM-PES', completedOn: '2026-11-19', units: { NASM: 1.9 } },
    certifications: [{ ...cpt, unitsEarned: 2, unitsRemaining: 0, requirementsMet: true, recommendations: [] }],
    statusUrl: links.statusUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    sender,
  };

  it('says the renewal can be submitted once requirements are met', () => {
    const message = renderCreditRecorded(base);

    expect(message.subject).toBe('Credit recorded: 2.0 of 2.0 CEUs for your NASM-CPT — you can submit your renewal');
    expect(message.text).toContain('We recorded NASM-PES, completed on 19 Nov 2026: 1.9 CEUs (NASM).');
    expect(message.text).toContain('submit your NASM-CPT renewal to NASM by 30 Jun 2027');
  });

  it('shows the progress and what is left otherwise', () => {
    const partial = { ...cpt, unitsEarned: 0.6, unitsRemaining: 1.4 };
    const message = renderCreditRecorded({
      ...base,
      credit: { title: 'Kettlebell basics', completedOn: '2026-11-19', units: { NASM: 0.5 } },
      certifications: [partial],
    });

    expect(message.subject).toBe('Credit recorded: 0.6 of 2.0 CEUs for your NASM-CPT');
    expect(message.text).toContain('1.4 to go before 31 May 2027. Suggested next: NASM-PES.');
  });

  it('carries one-click unsubscribe headers and a visible unsubscribe link', () => {
    const message = renderCreditRecorded(base);

    expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(message.text).toContain(`Unsubscribe: ${links.unsubscribeUrl}`);
  });

  it('refuses to render without a certification', () => {
    expect(() => renderCreditRecorded({ ...base, certifications: [] })).toThrow(RenderInputError);
  });
});
