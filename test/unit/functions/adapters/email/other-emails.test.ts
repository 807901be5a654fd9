import { describe, expect, it } from 'vitest';
import {
  type CreditRecordedInput,
  RenderInputError,
  renderConfirmation,
  renderCreditRecorded,
} from '../../../../../functions/adapters/email/index.js';
import { cpt, cptPhases, links, sender } from './fixtures.js';

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
    certifications: [cptPhases.readyToSubmit],
    statusUrl: links.statusUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    sender,
  };

  it('says the renewal can be submitted once requirements are met, in the words of the phase', () => {
    const message = renderCreditRecorded(base);

    expect(message.subject).toBe('Credit recorded: 2.0 of 2.0 CEUs for your NASM-CPT — you can submit your renewal');
    expect(message.text).toContain('We recorded NASM-PES, completed on 19 Nov 2026: 1.9 CEUs (NASM).');
    expect(message.text).toContain(
      '\n\nYou have met every NASM-CPT requirement: submit your renewal to NASM by 30 Jun 2027.\n\n',
    );
    expect(message.text).not.toContain('What to do');
  });

  it('shows the phase summary and the advice, each once, while CE is still open', () => {
    const partial = {
      ...cpt,
      unitsEarned: 0.6,
      unitsRemaining: 1.4,
      phase: {
        ...cpt.phase,
        summary:
          'NASM-CPT expires on 30 Jun 2027. You have 0.6 of 2 CEUs; finish the remaining 1.4 CEUs by 31 May 2027.',
      },
    };
    const message = renderCreditRecorded({
      ...base,
      credit: { title: 'Kettlebell basics', completedOn: '2026-11-19', units: { NASM: 0.5 } },
      certifications: [partial],
    });

    expect(message.subject).toBe('Credit recorded: 0.6 of 2.0 CEUs for your NASM-CPT');
    expect(message.text).toContain(partial.phase.summary);
    expect(message.text).toContain(
      '- Complete NASM-PES (performance training for athletes, 1.9 CEUs) by 31 May 2027. Or instead: complete 1.9 CEUs of NASM-approved courses (about 19 hours).',
    );
    expect(message.text.match(/NASM-PES/g)).toHaveLength(1);
  });

  it('says a late renewal is what is left once the CE is done after expiry', () => {
    const message = renderCreditRecorded({ ...base, certifications: [cptPhases.lateRenewal] });

    expect(message.subject).toBe('Credit recorded: 2.0 of 2.0 CEUs for your NASM-CPT — your CE is done');
    expect(message.text).toContain(cptPhases.lateRenewal.phase.summary);
    expect(message.text).not.toContain('you can submit your renewal');
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
