import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../../core/index.js';
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

    expect(message.subject).toBe('Credit recorded: your NASM-CPT CE is done — submit your renewal by 30 Jun 2027');
    expect(message.text).toContain('We recorded NASM-PES, completed on 19 Nov 2026: 1.9 CEUs (NASM).');
    expect(message.text).toContain('\n\nNASM-CPT: CE done, all 2.0 CEUs earned\n\n');
    expect(message.text).toContain(
      '\n\nYou have met every NASM-CPT requirement: submit your renewal to NASM by 30 Jun 2027.\n\n',
    );
    expect(message.text).not.toContain('What to do');
  });

  it('once the CE is met with units to spare: done and submit-by, never "2.4 of 2.0" nor more courses', () => {
    const met = { ...cptPhases.readyToSubmit, unitsEarned: 2.4 };
    const message = renderCreditRecorded({ ...base, certifications: [met] });

    expect(message.subject).toBe('Credit recorded: your NASM-CPT CE is done — submit your renewal by 30 Jun 2027');
    for (const part of [message.subject, message.text, message.html]) {
      expect(part).not.toMatch(/2\.4|of 2\.0|suggest|What to do|NASM-PES \(|approved courses/i);
    }
    expect(message.html).toContain('<div style="width:100%;height:8px;');
  });

  it('renders what core says for a NASM-CPT met with 2.4 CEUs: done, submit by the expiry, nothing else to take', () => {
    const asOf = '2027-01-10';
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CPT', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', expiresOn: '2028-01-31' },
        ],
        activities: [
          { title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 0.5 } },
          { title: 'Mobility for lifters', completedOn: '2026-06-01', units: { NASM: 0.5 } },
          { title: 'Nutrition coaching basics', completedOn: '2026-09-01', units: { NASM: 0.5 } },
          { title: 'Youth strength training', completedOn: '2027-01-08', units: { NASM: 0.8 } },
        ],
      },
      asOf,
    );
    const [cert] = evaluation.certifications;
    const message = renderCreditRecorded({
      ...base,
      credit: { title: 'Youth strength training', completedOn: '2027-01-08', units: { NASM: 0.8 } },
      certifications: evaluation.certifications,
    });

    expect(cert?.phase.kind).toBe('ready-to-submit');
    expect(cert?.unitsEarned).toBeGreaterThan(cert?.unitsRequired ?? Number.POSITIVE_INFINITY);
    expect(message.subject).toBe('Credit recorded: your NASM-CPT CE is done — submit your renewal by 30 Jun 2027');
    expect(message.text).toContain(cert?.phase.summary);
    expect(message.text).not.toMatch(/2\.4|of 2\.0|suggest|What to do|CPR-AED/i);
  });

  it('says all the units are in, not "2.4 of 2.0", when only the CPR/AED card still holds the renewal up', () => {
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CPT', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', expiresOn: '2027-03-01' },
        ],
        activities: [
          { title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 1 } },
          { title: 'Youth strength training', completedOn: '2026-06-01', units: { NASM: 1.4 } },
        ],
      },
      '2027-01-10',
    );
    const message = renderCreditRecorded({ ...base, certifications: evaluation.certifications });

    expect(message.subject).toBe('Credit recorded: all 2.0 CEUs for your NASM-CPT');
    expect(message.text).toContain('NASM-CPT: all 2.0 CEUs earned\n');
    expect(message.text).toContain('take a CPR/AED course with a hands-on skills check by 1 Mar 2027');
    expect(message.text).not.toMatch(/2\.4|of 2\.0/);
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

    expect(message.subject).toBe('Credit recorded: your NASM-CPT CE is done — submit your late renewal by 30 Jun 2028');
    expect(message.text).toContain(cptPhases.lateRenewal.phase.summary);
    expect(message.text).not.toContain('submit your renewal');
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
