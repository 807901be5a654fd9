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

const pes = {
  code: 'NASM-PES',
  name: 'NASM Performance Enhancement Specialist',
  description: 'performance training for athletes',
  units: 1.9,
  typicalHours: null,
  priceUsd: null,
} as const;

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
  missing: [{ requirement: 'units', units: 1.9, detail: '1.9 CEUs still needed by 31 May 2027' }],
  recommendations: [
    {
      code: 'NASM-PES',
      units: 1.9,
      why: 'complete NASM-PES (performance training for athletes, 1.9 CEUs) by 31 May 2027 (you already hold NASM-CES); or 1.9 CEUs of NASM-approved courses instead (about 19 hours)',
      by: '2027-05-31',
      options: [pes],
      alternative: { code: 'APPROVED-CE', units: 1.9, hours: 19 },
    },
  ],
  deadlines: {
    finishBy: '2027-05-31',
    expiresOn: '2027-06-30',
    lateCeBy: '2027-09-28',
    graceEndsOn: '2028-06-30',
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
  reminderPace: 'behind',
  snoozed: null,
  phase: {
    kind: 'on-track',
    summary: 'NASM-CPT expires on 30 Jun 2027. You have 0.1 of 2 CEUs; finish the remaining 1.9 CEUs by 31 May 2027.',
    deadlines: [
      { kind: 'finish-ce', on: '2027-05-31', label: 'Finish your CE by', passed: false },
      { kind: 'expires', on: '2027-06-30', label: 'Expires on', passed: false },
    ],
    fees: [
      { kind: 'renewal', amountUsd: 99, label: '$99 renewal fee', confidence: 'medium' },
      { kind: 'petition', amountUsd: 25, label: '$25 petition fee (per non-approved course)', confidence: 'high' },
    ],
    cautions: [],
  },
  credits: [
    {
      source: 'specialization',
      title: 'NASM Corrective Exercise Specialist',
      completedOn: '2023-04-02',
      activityIndex: null,
      approved: 1.9,
      counted: 0,
      reason: 'before-cycle',
      note: 'completed before this cycle started',
    },
  ],
  confidence: 'high',
  rulesPage: 'docs/rules/nasm.md',
};

/**
 * The same CPT in the other phases, shaped as core writes them (`recert evaluate` on the matching profile): what a
 * trainer would see on those days.
 */
export const cptPhases = {
  /** Both specializations open: one recommendation with two options and the course-work alternative. */
  twoOptions: {
    ...cpt,
    credits: [],
    recommendations: [
      {
        code: 'NASM-CES',
        units: 1.9,
        why: 'complete one of NASM-CES (corrective exercise) or NASM-PES (performance training for athletes), 1.9 CEUs each by 31 May 2027; or 1.9 CEUs of NASM-approved courses instead (about 19 hours)',
        by: '2027-05-31',
        options: [
          {
            code: 'NASM-CES',
            name: 'NASM Corrective Exercise Specialist',
            description: 'corrective exercise',
            units: 1.9,
            typicalHours: 15,
            priceUsd: null,
          },
          pes,
        ],
        alternative: { code: 'APPROVED-CE', units: 1.9, hours: 19 },
      },
    ],
  },
  readyToSubmit: {
    ...cpt,
    unitsEarned: 2,
    unitsRemaining: 0,
    requirementsMet: true,
    missing: [],
    recommendations: [
      {
        code: 'SUBMIT-RENEWAL',
        units: 0,
        why: 'submit your NASM-CPT renewal to NASM by 30 Jun 2027',
        by: '2027-06-30',
      },
    ],
    phase: {
      kind: 'ready-to-submit',
      summary: 'You have met every NASM-CPT requirement: submit your renewal to NASM by 30 Jun 2027.',
      deadlines: [{ kind: 'expires', on: '2027-06-30', label: 'Expires on', passed: false }],
      fees: [{ kind: 'renewal', amountUsd: 99, label: '$99 renewal fee', confidence: 'medium' }],
      cautions: [],
    },
  },
  /** 15 Jul 2027: expired, 0.6 CEUs short, NASM still takes CE until 28 Sep 2027. */
  lateCe: {
    ...cpt,
    status: 'grace',
    unitsEarned: 1.4,
    unitsRemaining: 0.6,
    missing: [{ requirement: 'units', units: 0.6, detail: '0.6 CEUs still needed by 28 Sep 2027' }],
    recommendations: [
      {
        code: 'APPROVED-CE',
        units: 0.6,
        why: 'complete 0.6 CEUs of NASM-approved courses (about 6 hours) by 28 Sep 2027 to renew NASM-CPT',
        by: '2027-09-28',
      },
    ],
    phase: {
      kind: 'late-ce-window',
      summary:
        'NASM-CPT expired on 30 Jun 2027. NASM still accepts CE completed by 28 Sep 2027 and a late renewal until 30 Jun 2028.',
      deadlines: [
        { kind: 'expires', on: '2027-06-30', label: 'Expired on', passed: true },
        { kind: 'late-ce', on: '2027-09-28', label: 'Late CE accepted until', passed: false },
        { kind: 'renew-late', on: '2028-06-30', label: 'Last day to renew late', passed: false },
      ],
      fees: [
        { kind: 'renewal', amountUsd: 99, label: '$99 renewal fee', confidence: 'medium' },
        {
          kind: 'late',
          amountUsd: 30,
          label: '$30 late fee until 28 Sep 2027',
          until: '2027-09-28',
          confidence: 'high',
        },
        {
          kind: 'late',
          amountUsd: 50,
          label: '$50 late fee from 29 Sep 2027 to 29 Jun 2028',
          from: '2027-09-29',
          until: '2028-06-29',
          confidence: 'high',
        },
      ],
      cautions: [],
    },
  },
  /** 15 Oct 2027: CE done, renewal still accepted late; the late fee shaped as unpublished (as for NASM-CWC). */
  lateRenewal: {
    ...cpt,
    status: 'grace',
    unitsEarned: 2,
    unitsRemaining: 0,
    requirementsMet: true,
    missing: [],
    recommendations: [
      {
        code: 'SUBMIT-RENEWAL',
        units: 0,
        why: 'submit your late NASM-CPT renewal to NASM by 30 Jun 2028',
        by: '2028-06-30',
      },
    ],
    phase: {
      kind: 'renewal-window-late-fee',
      summary: 'NASM-CPT expired on 30 Jun 2027. Your CE is done: submit your late renewal to NASM by 30 Jun 2028.',
      deadlines: [
        { kind: 'expires', on: '2027-06-30', label: 'Expired on', passed: true },
        { kind: 'renew-late', on: '2028-06-30', label: 'Last day to renew late', passed: false },
      ],
      fees: [
        { kind: 'renewal', amountUsd: 99, label: '$99 renewal fee', confidence: 'medium' },
        {
          kind: 'late',
          amountUsd: null,
          label: 'late fee (amount not published) until 30 Jun 2028',
          until: '2028-06-30',
          confidence: 'high',
        },
      ],
      cautions: [],
    },
  },
  /** 1 Jul 2028: past the renewal window; NASM does not reinstate. */
  lapsed: {
    ...cpt,
    status: 'lapsed',
    recommendations: [
      {
        code: 'RETAKE-EXAM',
        units: 0,
        why: "NASM-CPT lapsed beyond NASM's renewal window: only passing the exam again restores it",
        by: '2028-07-01',
      },
    ],
    phase: {
      kind: 'lapsed-retest',
      summary: 'NASM-CPT has lapsed: NASM restores it only when you pass the exam again.',
      deadlines: [{ kind: 'expires', on: '2027-06-30', label: 'Expired on', passed: true }],
      fees: [],
      cautions: [],
    },
  },
  /** 1 Jul 2028, for a body that reinstates (shaped like ACSM's). */
  reinstatement: {
    ...cpt,
    status: 'lapsed',
    deadlines: { ...cpt.deadlines, reinstateBy: '2028-12-31' },
    recommendations: [
      {
        code: 'REINSTATE',
        units: 0,
        why: 'apply to NASM for reinstatement of NASM-CPT by 31 Dec 2028',
        by: '2028-12-31',
      },
    ],
    phase: {
      kind: 'reinstatement',
      summary: "NASM-CPT is past NASM's renewal window. NASM reinstates it until 31 Dec 2028.",
      deadlines: [
        { kind: 'expires', on: '2027-06-30', label: 'Expired on', passed: true },
        { kind: 'reinstate', on: '2028-12-31', label: 'Reinstate by', passed: false },
      ],
      fees: [{ kind: 'reinstatement', amountUsd: 165, label: '$165 reinstatement fee', confidence: 'medium' }],
      cautions: [],
    },
  },
} satisfies Record<string, CertificationEvaluation>;

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
  notices: [],
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
