import type {
  CertificationEvaluation,
  Evaluation,
  PrerequisiteEvaluation,
  ReminderMilestone,
} from '../../../../../core/index.js';
import type { ReminderInput, SenderConfig } from '../../../../../functions/adapters/email/index.js';

/** The seed's story, built by hand from core's shapes: Sam holds a NASM-CPT and a CPR/AED card. */
export const sender: SenderConfig = {
  fromAddress: 'Recert <reminders@recert.example.com>',
  postalAddress: 'Recert, 100 Example Street, Suite 5, Springfield, IL 62701, USA',
};

export const links = {
  statusUrl: 'https://recert.example.com/status?token=st_sam',
  unsubscribeUrl: 'https://recert.example.com/unsubscribe?token=un_sam',
};

export const cptCountdown150: ReminderMilestone = {
  id: 'countdown-150',
  kind: 'countdown',
  on: '2027-01-01',
  daysLeft: 150,
};
export const cprPrerequisite30: ReminderMilestone = {
  id: 'prerequisite-30',
  kind: 'prerequisite',
  on: '2027-01-01',
  daysLeft: 30,
};

export const cpt: CertificationEvaluation = {
  code: 'NASM-CPT',
  name: 'NASM Certified Personal Trainer',
  body: 'NASM',
  unit: 'CEU',
  status: 'active',
  cycleStartsOn: '2025-07-01',
  expiresOn: '2027-06-30',
  unitsRequired: 2,
  unitsEarned: 0.1,
  unitsRemaining: 1.9,
  requirementsMet: false,
  missing: [{ requirement: 'units', units: 1.9, detail: '1.9 NASM CEUs still needed' }],
  recommendations: [
    {
      code: 'NASM-PES',
      units: 1.9,
      why: 'you already hold NASM-CES, so it cannot count again; NASM-PES is worth 1.9 CEUs, which with your CPR/AED 0.1 makes exactly 2.0',
    },
  ],
  deadlines: {
    finishBy: '2027-05-31',
    expiresOn: '2027-06-30',
    lateCeBy: '2027-09-28',
    graceEndsOn: '2028-06-29',
    lateFees: [
      { fromDay: 1, toDay: 90, feeUsd: 30 },
      { fromDay: 91, toDay: 365, feeUsd: 50 },
    ],
  },
  milestones: [
    cptCountdown150,
    { id: 'countdown-90', kind: 'countdown', on: '2027-03-02', daysLeft: 90 },
    { id: 'countdown-30', kind: 'countdown', on: '2027-05-01', daysLeft: 30 },
    { id: 'countdown-7', kind: 'countdown', on: '2027-05-24', daysLeft: 7 },
  ],
  nextReminderOn: '2027-01-01',
};

export const cprCard: PrerequisiteEvaluation = {
  code: 'CPR-AED',
  name: 'CPR/AED',
  status: 'current',
  expiresOn: '2027-01-31',
  requiredBy: ['NASM-CPT'],
  milestones: [cprPrerequisite30],
  nextReminderOn: '2027-01-01',
};

export const evaluation: Evaluation = {
  asOf: '2027-01-01',
  certifications: [cpt],
  prerequisites: [cprCard],
  nextReminderOn: '2027-01-01',
};

/** 1 Jan 2027: the CPT's 150-day countdown and the CPR card's 30-day notice fall due together. */
export const storyInput: ReminderInput = {
  trainer: { id: 't_8f3a2c', name: 'Sam Lee' },
  to: 'sam@example.com',
  asOf: '2027-01-01',
  now: new Date('2027-01-01T09:00:00Z'),
  evaluation,
  due: [
    { code: 'NASM-CPT', milestone: cptCountdown150 },
    { code: 'CPR-AED', milestone: cprPrerequisite30 },
  ],
  links,
  sender,
};

/** The same day with only the CPT due (the CPR card renewed elsewhere). */
export const cptOnlyInput: ReminderInput = {
  ...storyInput,
  evaluation: { ...evaluation, prerequisites: [] },
  due: [{ code: 'NASM-CPT', milestone: cptCountdown150 }],
};
