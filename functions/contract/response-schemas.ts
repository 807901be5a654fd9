/**
 * What the HTTP routes answer, as zod schemas, for the OpenAPI document only (functions/contract/openapi.ts). Requests
 * are described by the schemas the handlers parse with; responses are built by code (core's evaluation, the catalog
 * listing, the use cases' bodies), so they are written down here and checked against what that code returns
 * (test/unit/functions/contract/openapi.test.ts). Objects are open: a reader must ignore fields it does not know.
 */
import {
  BODY_CODES,
  type CertificationStatus,
  type Confidence,
  type CredentialKind,
  type CreditReason,
  type MilestoneKind,
  type PhaseDeadlineKind,
  type PhaseFeeKind,
  type PhaseKind,
  REMINDER_CADENCES,
  type ReminderPace,
  SNOOZE_LENGTHS,
} from '../../core/index.js';
import type { DeliveryOutcome } from '../adapters/dynamodb/delivery-repository.js';
import * as z from '../common/zod.js';
import type { SharedPhase } from '../features/sharing/shared-status.js';
import { SIGNUP_ACCEPTED } from '../features/signup/register-signup.js';
import { CalendarDateSchema, TrainerProfileSchema } from '../record/profile-schema.js';

/** A zod enum from every member of a core union: a `Record` key per member, so a new member fails `tsc` here. */
function enumOf<T extends string>(members: Readonly<Record<T, true>>) {
  return z.enum(Object.keys(members) as [T, ...T[]]);
}

const ConfidenceSchema = enumOf<Confidence>({ high: true, medium: true, low: true });
const Day = CalendarDateSchema;

export const FieldIssueSchema = z.object({
  /** `credentials[1].expiresOn`, or `''` for the body as a whole. */
  path: z.string(),
  message: z.string(),
});

/** The one error body every JSON rejection uses (functions/edge/map-errors.ts). */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(FieldIssueSchema)),
  }),
});

export const CatalogListingSchema = z.object({
  code: z.string(),
  name: z.string(),
  body: z.nullable(z.enum(BODY_CODES)),
  kind: enumOf<CredentialKind>({ certification: true, specialization: true, prerequisite: true }),
  unit: z.nullable(z.string()),
  cycleMonths: z.nullable(z.number()),
  cycleAnchor: z.nullable(z.enum(['anniversary', 'day-before-anniversary', 'calendar-fixed'])),
  unitsRequired: z.nullable(z.number()),
  cprRequired: z.boolean(),
  cprCredit: z.nullable(z.number()),
  ethicsUnits: z.nullable(z.number()),
  graceDays: z.nullable(z.number()),
  graceMonths: z.nullable(z.number()),
  lateCeDays: z.nullable(z.number()),
  lateCeMonths: z.nullable(z.number()),
  finishLeadDays: z.nullable(z.number()),
  specializationUnits: z.nullable(z.partialRecord(z.enum(BODY_CODES), z.number())),
  countsToward: z.nullable(z.array(z.string())),
  expires: z.boolean(),
  validityMonths: z.nullable(z.number()),
  effectiveFrom: Day,
  confidence: ConfidenceSchema,
  sources: z.array(z.string()),
  rulesPage: z.string(),
});

export const CatalogResponseSchema = z.object({ catalog: z.array(CatalogListingSchema) });

const MilestoneSchema = z.object({
  id: z.string(),
  kind: enumOf<MilestoneKind>({ countdown: true, ready: true, grace: true, lapsed: true, prerequisite: true }),
  on: Day,
  daysLeft: z.int(),
});

const PhaseSchema = z.object({
  kind: enumOf<PhaseKind>({
    'on-track': true,
    behind: true,
    'ready-to-submit': true,
    'late-ce-window': true,
    'renewal-window-late-fee': true,
    'expired-ce-short': true,
    reinstatement: true,
    'lapsed-retest': true,
    'unknown-window': true,
  }),
  summary: z.string(),
  deadlines: z.array(
    z.object({
      kind: enumOf<PhaseDeadlineKind>({
        'finish-ce': true,
        expires: true,
        'late-ce': true,
        'renew-late': true,
        reinstate: true,
      }),
      on: Day,
      label: z.string(),
      passed: z.boolean(),
    }),
  ),
  fees: z.array(
    z.object({
      kind: enumOf<PhaseFeeKind>({ renewal: true, late: true, reinstatement: true, petition: true }),
      amountUsd: z.nullable(z.number()),
      label: z.string(),
      from: z.optional(Day),
      until: z.optional(Day),
      confidence: ConfidenceSchema,
    }),
  ),
  cautions: z.array(z.string()),
});

const CreditLineSchema = z.object({
  source: z.enum(['activity', 'specialization', 'cpr-aed']),
  title: z.string(),
  completedOn: Day,
  activityIndex: z.nullable(z.int()),
  approved: z.number(),
  counted: z.number(),
  reason: z.nullable(
    enumOf<CreditReason>({
      'before-cycle': true,
      'after-deadline': true,
      'not-yet': true,
      repeat: true,
      'duplicate-entry': true,
      'event-cap': true,
      'category-cap': true,
      'yearly-cap': true,
      'cpr-via-card': true,
    }),
  ),
  note: z.string(),
});

const RecommendationSchema = z.object({
  code: z.string(),
  units: z.number(),
  why: z.string(),
  by: Day,
  options: z.optional(
    z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        description: z.string(),
        units: z.number(),
        typicalHours: z.nullable(z.number()),
        priceUsd: z.nullable(z.number()),
      }),
    ),
  ),
  alternative: z.optional(z.object({ code: z.string(), units: z.number(), hours: z.nullable(z.number()) })),
});

export const CertificationEvaluationSchema = z.object({
  code: z.string(),
  name: z.string(),
  body: z.enum(BODY_CODES),
  unit: z.string(),
  status: enumOf<CertificationStatus>({ active: true, grace: true, lapsed: true }),
  cycleStartsOn: Day,
  expiresOn: Day,
  unitsRequired: z.number(),
  unitsEarned: z.number(),
  unitsRemaining: z.number(),
  requirementsMet: z.boolean(),
  missing: z.array(
    z.object({
      requirement: z.enum(['units', 'cpr-aed', 'ethics', 'categories']),
      units: z.optional(z.number()),
      detail: z.string(),
    }),
  ),
  recommendations: z.array(RecommendationSchema),
  deadlines: z.object({
    finishBy: Day,
    expiresOn: Day,
    graceEndsOn: z.optional(Day),
    lateCeBy: z.optional(Day),
    reinstateBy: z.optional(Day),
    lateFees: z.optional(z.array(z.object({ fromDay: z.int(), toDay: z.int(), feeUsd: z.number() }))),
  }),
  milestones: z.array(MilestoneSchema),
  nextReminderOn: z.nullable(Day),
  reminderPace: enumOf<ReminderPace>({ 'on-track': true, behind: true, met: true }),
  snoozed: z.nullable(z.object({ from: Day, until: Day })),
  phase: PhaseSchema,
  credits: z.array(CreditLineSchema),
  confidence: ConfidenceSchema,
  rulesPage: z.string(),
});

export const PrerequisiteEvaluationSchema = z.object({
  code: z.string(),
  name: z.string(),
  status: z.enum(['current', 'expired']),
  expiresOn: Day,
  requiredBy: z.array(z.string()),
  milestones: z.array(MilestoneSchema),
  nextReminderOn: z.nullable(Day),
});

/** core's `Evaluation`: what `recert evaluate` prints and `PUT /api/me` answers. */
export const EvaluationSchema = z.object({
  asOf: Day,
  certifications: z.array(CertificationEvaluationSchema),
  prerequisites: z.array(PrerequisiteEvaluationSchema),
  nextReminderOn: z.nullable(Day),
  notices: z.array(z.string()),
});

/** The trainer's reminder choices: the cadence and the snoozes of the current cycles, oldest first. */
export const ReminderSettingsSchema = z.object({
  cadence: z.enum(REMINDER_CADENCES),
  snoozes: z.array(
    z.object({
      code: z.string(),
      expiresOn: Day,
      on: Day,
      until: Day,
      length: z.enum(SNOOZE_LENGTHS),
      fromReminderOn: Day,
    }),
  ),
});

/** `GET /api/me`: the evaluation plus the stored profile, everything a `PUT /api/me` needs, and the reminder choices. */
export const MeResponseSchema = z.extend(EvaluationSchema, {
  profile: TrainerProfileSchema,
  reminderSettings: ReminderSettingsSchema,
});

export const SignupAcceptedSchema = z.object({ status: z.literal(SIGNUP_ACCEPTED.status), message: z.string() });

export const ConfirmedSchema = z.object({ statusUrl: z.url() });

export const StatusLinkAcceptedSchema = z.object({ message: z.string() });

export const ExportSchema = z.object({
  exportedAt: z.iso.datetime(),
  trainerId: z.string(),
  /** Every stored item about the trainer, as stored (table items: their shape is the data model, not an API). */
  items: z.array(z.record(z.string(), z.unknown())),
});

/** `GET /verify/{link}` with `Accept: application/json` (features/sharing/shared-status.ts): all a link shows. */
export const SharedStatusSchema = z.object({
  name: z.string(),
  asOf: Day,
  certifications: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      phase: enumOf<SharedPhase>({ current: true, 'late-window': true, lapsed: true }),
      expiresOn: Day,
    }),
  ),
  cprAed: z.object({ current: z.boolean() }),
  linkExpiresOn: z.nullable(Day),
});

const SharedPhaseSchema = enumOf<SharedPhase>({ current: true, 'late-window': true, lapsed: true });

/**
 * The outbound `credential.status_changed` event a team's webhook endpoint receives (record/status-events.ts, ADR
 * 0035): what changed and the member's whole status as a share link shows it. Never an address or a trainer id.
 */
export const StatusChangedEventSchema = z.object({
  type: z.literal('credential.status_changed'),
  timestamp: z.iso.datetime(),
  data: z.object({
    /** The same as the `webhook-id` header: drop an id already processed. */
    eventId: z.string().check(z.regex(/^evt_[0-9a-f]{32}$/)),
    teamId: z.string().check(z.regex(/^tm_[0-9a-f]{20}$/)),
    /** `ref`: the member's reference in this team (the roster's), stable while they stay a member. */
    member: z.object({ ref: z.string().check(z.regex(/^[0-9a-f]{64}$/)), name: z.string() }),
    /** Per member and team, strictly increasing: apply an event only if it is newer than the last one applied. */
    sequence: z.int().check(z.gte(1)),
    changes: z.array(
      z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('phase-changed'),
          code: z.string(),
          /** null: a certification the team had not heard of (new on the record, or the first report). */
          from: z.nullable(SharedPhaseSchema),
          to: SharedPhaseSchema,
        }),
        z.object({ kind: z.literal('expiry-changed'), code: z.string(), from: Day, to: Day }),
        z.object({ kind: z.literal('certification-removed'), code: z.string() }),
        z.object({ kind: z.literal('cpr-aed-lapsed') }),
        z.object({ kind: z.literal('cpr-aed-renewed') }),
      ]),
    ),
    status: z.object({
      name: z.string(),
      asOf: Day,
      certifications: z.array(
        z.object({ code: z.string(), name: z.string(), phase: SharedPhaseSchema, expiresOn: Day }),
      ),
      cprAed: z.object({ current: z.boolean() }),
    }),
  }),
});

export const DeletedSchema = z.object({ deleted: z.int().check(z.gte(0)) });

export const UnsubscribedSchema = z.object({ unsubscribed: z.literal(true) });

/** The webhook's answers (functions/features/course-credit/record-completion.ts). */
export const WebhookHandledSchema = z.object({
  status: z.enum(['applied', 'duplicate']),
  webhookId: z.string(),
  /** For `duplicate`: what the first delivery of this `webhook-id` did. */
  outcome: z.optional(enumOf<DeliveryOutcome>({ applied: true, unclaimed: true, quarantined: true })),
});

export const WebhookKeptSchema = z.object({ status: z.enum(['unclaimed', 'quarantined']), webhookId: z.string() });

export const WebhookProcessingSchema = z.object({ status: z.literal('processing'), webhookId: z.string() });

/** `GET /openapi.json`: an OpenAPI 3.1 document (its own schema is the OpenAPI specification's). */
export const OpenApiDocumentSchema = z.object({ openapi: z.string().check(z.regex(/^3\.1\./)) });
