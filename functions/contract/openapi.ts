/**
 * The OpenAPI 3.1 description of every route in functions/entry-points.ts and of the provider webhook, built from the
 * zod schemas the handlers parse with (zod 4's own JSON Schema output, `z.toJSONSchema`) and the response schemas in
 * ./response-schemas.ts. `npm run openapi` writes it to docs/openapi.json, which `GET /openapi.json` serves as it is:
 * this module, with every schema and handler it imports, never enters a Lambda bundle (ADR 0020).
 *
 * A route is described by an entry in OPERATIONS keyed by its id; method and path come from the route table, so the
 * two cannot disagree. A route without an entry is left out, and the contract test names it.
 */

import { REMINDER_CADENCES } from '../../core/index.js';
import { TURNSTILE_RESPONSE_FIELD } from '../adapters/captcha/turnstile-widget.js';
import * as z from '../common/zod.js';
import { MAX_BODY_BYTES } from '../edge/parse-body.js';
import { HTTP_ROUTES, type HttpRoute } from '../entry-points.js';
import { CHANGE_ACTIONS } from '../features/my-record/change-form.js';
import { REMINDER_CADENCE_ACTION } from '../features/my-record/reminder-settings.js';
import { CalendarForm } from '../http/calendar-link.js';
import { ConfirmPageQuery } from '../http/confirm-page.js';
import { ConfirmationBody } from '../http/confirm-signup.js';
import { DeleteForm } from '../http/delete-my-record.js';
import { DeleteTeamForm } from '../http/delete-team.js';
import { ExportForm } from '../http/export-my-record.js';
import { ReminderActionQuery } from '../http/reminder-action-page.js';
import { ReplaceMeBody } from '../http/replace-me.js';
import { StatusLinkRequestSchema } from '../http/request-status-link.js';
import { ResubscribeForm } from '../http/resubscribe.js';
import { ResubscribePageQuery } from '../http/resubscribe-page.js';
import { ShareLinkForm } from '../http/share-link.js';
import { ShareReadyQuery } from '../http/share-ready-page.js';
import { SignupSentQuery } from '../http/signup-sent-page.js';
import { StatusPageQuery } from '../http/status-page.js';
import { SignupSchema } from '../http/submit-signup.js';
import { TeamAnswerForm } from '../http/team-answer.js';
import { TeamInvitationForm } from '../http/team-invitations.js';
import { TeamMemberForm } from '../http/team-members.js';
import { TeamPageQuery } from '../http/team-page.js';
import { TeamRosterCsvQuery } from '../http/team-roster-csv.js';
import { TurnRemindersOnForm } from '../http/turn-reminders-on.js';
import { UnsubscribeBody, UnsubscribeQuery } from '../http/unsubscribe.js';
import { UnsubscribePageQuery } from '../http/unsubscribe-page.js';
import { ActivitySchema, CalendarDateSchema, CredentialClaimSchema } from '../record/profile-schema.js';
import { STATUS_CHANGED } from '../record/status-events.js';
import { CourseCompletedPayloadSchema } from '../webhooks/course-completed.js';
import {
  CatalogListingSchema,
  CatalogResponseSchema,
  CertificationEvaluationSchema,
  ConfirmedSchema,
  DeletedSchema,
  ErrorResponseSchema,
  EvaluationSchema,
  ExportSchema,
  FieldIssueSchema,
  MeResponseSchema,
  OpenApiDocumentSchema,
  PrerequisiteEvaluationSchema,
  SharedStatusSchema,
  SignupAcceptedSchema,
  StatusChangedEventSchema,
  StatusLinkAcceptedSchema,
  UnsubscribedSchema,
  WebhookHandledSchema,
  WebhookKeptSchema,
  WebhookProcessingSchema,
} from './response-schemas.js';

/** A JSON Schema (2020-12, OpenAPI 3.1's dialect) or an OpenAPI object, as plain JSON. */
export type JsonObject = { readonly [key: string]: unknown };

export interface Reference {
  readonly $ref: string;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonObject;
}

export interface MediaType {
  readonly schema: JsonObject;
}

export interface Header {
  readonly description: string;
  readonly schema: JsonObject;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, Header | Reference>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  readonly parameters?: readonly (Parameter | Reference)[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, MediaType>> };
  readonly responses: Readonly<Record<string, ResponseObject>>;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly jsonSchemaDialect: string;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly webhooks: Readonly<Record<string, { readonly post: Operation }>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonObject>>;
    readonly parameters: Readonly<Record<string, Parameter>>;
    readonly headers: Readonly<Record<string, Header>>;
    readonly securitySchemes: Readonly<Record<string, JsonObject>>;
  };
}

/** Bumped by hand when a route's contract changes in a way a client must notice. */
export const API_VERSION = '1.0.0';

/** The form field the CAPTCHA widget posts its token in (Cloudflare Turnstile's name; JSON says `captchaToken`). */
const CAPTCHA_FIELD = TURNSTILE_RESPONSE_FIELD;

const SignupFormSchema = z.looseObject({
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  website: z.optional(z.string()),
  [CAPTCHA_FIELD]: z.optional(z.string()),
});

const StatusLinkFormSchema = z.looseObject({
  email: z.optional(z.string()),
  [CAPTCHA_FIELD]: z.optional(z.string()),
});

const StatusChangeFormSchema = z.looseObject({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  action: z.enum([...CHANGE_ACTIONS, REMINDER_CADENCE_ACTION]),
  cadence: z.optional(z.enum(REMINDER_CADENCES)),
  key: z.optional(z.string()),
  title: z.optional(z.string()),
  provider: z.optional(z.string()),
  completedOn: z.optional(z.string()),
  code: z.optional(z.string()),
  earnedOn: z.optional(z.string()),
  expiresOn: z.optional(z.string()),
});

const ReminderActionFormSchema = z.looseObject({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  title: z.optional(z.string()),
  provider: z.optional(z.string()),
  completedOn: z.optional(z.string()),
  earnedOn: z.optional(z.string()),
  expiresOn: z.optional(z.string()),
});

/** Every schema in `components.schemas`, by name: the handlers' own first, then the answers. */
const SCHEMAS = {
  CalendarDate: CalendarDateSchema,
  CredentialClaim: CredentialClaimSchema,
  Activity: ActivitySchema,
  TrainerProfile: ReplaceMeBody,
  SignupRequest: SignupSchema,
  SignupForm: SignupFormSchema,
  ConfirmationRequest: ConfirmationBody,
  StatusLinkRequest: StatusLinkRequestSchema,
  StatusLinkForm: StatusLinkFormSchema,
  StatusChangeForm: StatusChangeFormSchema,
  ReminderActionForm: ReminderActionFormSchema,
  ExportForm,
  DeleteForm,
  CalendarForm,
  ShareLinkForm,
  TeamAnswerForm,
  TeamInvitationForm,
  TeamMemberForm,
  DeleteTeamForm,
  TurnRemindersOnForm,
  ResubscribeForm,
  UnsubscribeForm: UnsubscribeBody,
  CourseCompletedPayload: CourseCompletedPayloadSchema,
  FieldIssue: FieldIssueSchema,
  ErrorResponse: ErrorResponseSchema,
  CatalogListing: CatalogListingSchema,
  CatalogResponse: CatalogResponseSchema,
  CertificationEvaluation: CertificationEvaluationSchema,
  PrerequisiteEvaluation: PrerequisiteEvaluationSchema,
  Evaluation: EvaluationSchema,
  MeResponse: MeResponseSchema,
  SignupAccepted: SignupAcceptedSchema,
  Confirmed: ConfirmedSchema,
  StatusLinkAccepted: StatusLinkAcceptedSchema,
  Export: ExportSchema,
  Deleted: DeletedSchema,
  SharedStatus: SharedStatusSchema,
  StatusChangedEvent: StatusChangedEventSchema,
  Unsubscribed: UnsubscribedSchema,
  WebhookHandled: WebhookHandledSchema,
  WebhookKept: WebhookKeptSchema,
  WebhookProcessing: WebhookProcessingSchema,
  OpenApiDocument: OpenApiDocumentSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

interface SchemaMeta {
  readonly id: string;
  readonly description?: string;
  readonly format?: string;
  readonly examples?: readonly unknown[];
}

/** What the zod schemas cannot say themselves: their checks are code (`refine`), so the words go here. */
const DESCRIPTIONS: Partial<Record<SchemaName, Omit<SchemaMeta, 'id'>>> = {
  CalendarDate: {
    description: 'A calendar date, YYYY-MM-DD, between 1900-01-01 and 2199-12-31 (no time zone).',
    format: 'date',
    examples: ['2027-03-31'],
  },
  CredentialClaim: {
    description:
      'A held credential: `code` from GET /api/catalog. Certifications and CPR-AED need `expiresOn`; ' +
      'specializations need `earnedOn`; `expiresOn` is not before `earnedOn`. For calendar-fixed bodies (NSCA) ' +
      '`expiresOn` is a reporting-period end. `recordedBy` is set by Recert for credits a course provider recorded.',
  },
  Activity: {
    description:
      'A completed continuing-education course, with the units each certifying body approved (>= 0, at most 2 ' +
      'decimals).',
  },
  TrainerProfile: {
    description: 'The `recert evaluate` profile. At most one entry per certification code.',
  },
  SignupRequest: {
    description:
      'The profile plus `email` and `name` (at least one letter; no control, invisible or text-direction ' +
      'characters, no links or addresses). At least one certification. `website` is a honeypot: absent or empty. ' +
      '`captchaToken` is required when the CAPTCHA is on (ADR 0015).',
  },
  SignupForm: {
    description:
      'The sign-up page’s form: `name`, `email`, `website` (honeypot), the widget’s token and bracketed rows ' +
      '(`cert[0][code]`, `cert[0][earnedOn]`, `cert[0][expiresOn]`, `spec[0][code]`, `spec[0][earnedOn]`, ' +
      '`cpr[earnedOn]`, `cpr[expiresOn]`, `activity[0][title]`, `activity[0][completedOn]`, `activity[0][units]`, ' +
      '`activity[0][body]`). Read into a SignupRequest and checked with the same schema.',
  },
  StatusLinkForm: { description: 'The "email me my link" form: `email` and the widget’s token.' },
  CalendarForm: { description: 'The status page’s calendar buttons: `token` and `action` (`create` or `rotate`).' },
  ShareLinkForm: {
    description:
      'The status page’s "Share your status" forms, named by `action`: `create` (`codes[<n>]`: the certification ' +
      'codes to show, at least one the record holds; `expires`: `30`, `90`, `365` days or `never`; `label`: an ' +
      'optional note of at most 60 characters only the trainer sees) and `revoke` (`link`: the link’s reference, the ' +
      'SHA-256 hex of its id, as the page lists it).',
  },
  TeamAnswerForm: {
    description:
      'The status page’s "Teams" forms: `action` `accept` or `decline` an invitation to the trainer’s own address, ' +
      'or `leave` a team; `team`: the team id the form carries.',
  },
  TeamInvitationForm: {
    description:
      'The team page’s invitation forms, named by `action`: `invite` (`email`: the trainer’s address, checked by ' +
      'the use case and answered in words next to the field) and `withdraw` (`invitation`: the SHA-256 hex of the ' +
      'normalised address, as the page lists it).',
  },
  TeamMemberForm: {
    description: 'The team page’s `remove` form: `member` is the member’s reference as the page lists it.',
  },
  DeleteTeamForm: {
    description: 'Without `confirm=yes`, the confirmation step; with it, the team and everything it holds go.',
  },
  SharedStatus: {
    description:
      'What a share link shows, as of `asOf` (UTC): the trainer’s name; each chosen certification the record still ' +
      'holds, with `phase` from core’s evaluation (`current`, `late-window`: expired but still renewable late, ' +
      '`lapsed`) and its expiry; whether the CPR/AED card is current; the link’s last day, or null until turned ' +
      'off. Never the address, courses or advice.',
  },
  StatusChangeForm: {
    description:
      'One of the status page’s forms, named by `action`: `log-course` (`title`, `provider`, `completedOn`, ' +
      '`units[<BODY>]` per body), `remove-course` (`key`), `add-credential` (`code`, `earnedOn`, `expiresOn`), ' +
      '`edit-credential` (`key`, `code`, dates), `remove-credential` (`key`), `reminder-cadence` (`cadence`: ' +
      '`adaptive` follows the trainer’s pace, `essentials` is 30 and 7 days before the finish-CE date). A `key` is ' +
      '`<index>-<8 hex>`: an entry’s position and a fingerprint of its content. Each is checked with the Activity or ' +
      'CredentialClaim schema.',
  },
  ReminderActionForm: {
    description:
      'The form a reminder’s action link opens, its action named by its `reminder-action` token: a renewed ' +
      'CPR/AED card (`expiresOn`, `earnedOn`), a specialization (`earnedOn`), a course (`title`, `provider`, ' +
      '`completedOn`, `units[<BODY>]`) or a snooze of one certification (only `token`). Checked as the status ' +
      'page’s own forms.',
  },
  CourseCompletedPayload: {
    description:
      'A course provider’s `course.completed` event. Unknown extra fields are ignored. `course` is a catalog code ' +
      'or the provider’s own course id (mapped through its course map).',
  },
  ErrorResponse: {
    description:
      'Every JSON rejection. `code`: request.invalid, request.too-large, request.unsupported-media-type, ' +
      'auth.invalid-token, captcha.rejected, captcha.unavailable, request.rate-limited, email.not-sent, ' +
      'trainer.concurrent-update, webhook.unauthenticated, share.not-found, share.gone, share.rate-limited, ' +
      'internal. `issues` (400 only) names each field path.',
  },
  Evaluation: { description: 'core’s evaluation, the same shape as `recert evaluate` prints.' },
  MeResponse: {
    description:
      'The evaluation plus the stored `profile` (everything a PUT /api/me needs) and `reminderSettings`: the ' +
      'cadence chosen on the status page and the snoozes asked from reminders in the current cycles.',
  },
  Export: { description: 'Every item stored about the trainer, as stored.' },
  OpenApiDocument: { description: 'This document (OpenAPI 3.1).' },
};

const ref = (name: SchemaName): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** `components.schemas`: one `z.toJSONSchema` pass over a registry, so shared schemas become `$ref`s. */
function componentSchemas(): Record<string, JsonObject> {
  const registry = z.registry<SchemaMeta>();
  for (const [id, schema] of Object.entries(SCHEMAS)) {
    registry.add(schema, { id, ...DESCRIPTIONS[id as SchemaName] });
  }
  // `io: 'input'`: requests are described as a client sends them (a defaulted field is optional). Responses have no
  // defaults or transforms, so their input and output forms are the same.
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    metadata: registry,
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each schema is a component, not a document: OpenAPI's `jsonSchemaDialect` names the dialect, and a `$id` that is
  // a fragment is not a valid identifier.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]),
  );
}

const PARAMETER_WORDS: Readonly<Record<string, string>> = {
  token: 'The token from the emailed link or the page (base64url, exact canonical spelling).',
  done: 'Set by the redirect after a change, to say once what it did.',
  providerId: 'The id the course provider was registered with.',
  feed: 'The calendar feed id from the status page, with or without `.ics`.',
  link: 'The share link id: 32 base64url characters (192 random bits).',
  sort: 'The roster’s order within "needs attention" and "up to date": `expiry` (soonest first, the default) or `name`.',
};

type QuerySchema = z.ZodMiniObject;

/** A query schema's fields as OpenAPI query parameters (each with its own JSON Schema). */
function queryParameters(schema: QuerySchema): Parameter[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(PARAMETER_WORDS[name] ? { description: PARAMETER_WORDS[name] } : {}),
    schema: property,
  }));
}

const HTML = { 'text/html': { schema: { type: 'string' } } } as const;
const ICALENDAR = { 'text/calendar': { schema: { type: 'string' } } } as const;
const json = (name: SchemaName) => ({ 'application/json': { schema: ref(name) } });
const form = (name: SchemaName) => ({ 'application/x-www-form-urlencoded': { schema: ref(name) } });
const header = (name: string): Reference => ({ $ref: `#/components/headers/${name}` });

const page = (description: string): ResponseObject => ({ description, content: HTML });
const answer = (description: string, name: SchemaName): ResponseObject => ({ description, content: json(name) });
const pageOrAnswer = (description: string, name: SchemaName): ResponseObject => ({
  description,
  content: { ...json(name), ...HTML },
});
const redirect = (description: string): ResponseObject => ({ description, headers: { Location: header('Location') } });

type ErrorForm = 'json' | 'page' | 'both';

/** An error answer: the JSON error body, an HTML page with the same status, or either (page-or-JSON routes). */
function rejection(description: string, as: ErrorForm, retryAfter = false): ResponseObject {
  const content = as === 'page' ? HTML : as === 'json' ? json('ErrorResponse') : { ...json('ErrorResponse'), ...HTML };
  return { description, content, ...(retryAfter ? { headers: { 'Retry-After': header('RetryAfter') } } : {}) };
}

const INVALID = 'Validation failed: `issues` name each field path, why and the bad value. Nothing was written.';
const TOO_LARGE = 'Body over 64 KB, refused before parsing.';
const MEDIA_TYPE = 'A content type other than JSON or a form.';
const BAD_TOKEN = 'Missing, malformed, forged, expired, wrong-purpose or used token. Always the same message.';
const BAD_LINK = 'The "This link has expired" page (a bad, expired or used token).';
const CAPTCHA_REJECTED = 'The CAPTCHA token is invalid, expired, used, or was solved elsewhere. Nothing was written.';
const CAPTCHA_UNAVAILABLE = 'The CAPTCHA could not be checked; nothing was written or sent. Retry with a fresh token.';
const RATE_LIMITED =
  '(request.rate-limited) More than 10 sign-ups and status-link requests, counted together, came from this network ' +
  'in the current 10-minute window (ADR 0024). Checked after the CAPTCHA; nothing was read, written or sent. ' +
  '`Retry-After` is the seconds until the window ends. A form post gets its page again, saying when to try.';

type Tag =
  | 'Pages'
  | 'Sign-up'
  | 'My record'
  | 'Verification'
  | 'Teams'
  | 'Email links'
  | 'Course providers'
  | 'Reference';

const TAGS: readonly { name: Tag; description: string }[] = [
  { name: 'Pages', description: 'HTML pages a browser opens (no script needed).' },
  { name: 'Sign-up', description: 'Signing up and confirming the address.' },
  { name: 'My record', description: 'The trainer’s own record: the status page’s forms and the JSON API.' },
  {
    name: 'Verification',
    description: 'A trainer’s share link, for the gym, studio or insurer they sent it to (ADR 0031).',
  },
  {
    name: 'Teams',
    description:
      'A gym’s roster: the manager’s page (behind a `team-manager` token) and the trainer’s consent on their own ' +
      'status page (ADR 0033).',
  },
  { name: 'Email links', description: 'Where the links in Recert’s emails lead: unsubscribe, turn reminders on.' },
  { name: 'Course providers', description: 'Signed course-completion deliveries (docs/webhooks.md).' },
  { name: 'Reference', description: 'The catalog and this document.' },
];

interface OperationSpec {
  readonly summary: string;
  readonly description?: string;
  readonly tag: Tag;
  readonly query?: QuerySchema;
  /** `Authorization: Bearer <status token>`. */
  readonly bearer?: true;
  readonly body?: { readonly json?: SchemaName; readonly form?: SchemaName };
  /** Signed per Standard Webhooks: the three headers, and a copy under `webhooks` named by this event type. */
  readonly webhook?: string;
  readonly responses: Readonly<Record<string, ResponseObject>>;
}

/** Every HTTP route, by its id in functions/entry-points.ts. */
const OPERATIONS: Readonly<Record<string, OperationSpec>> = {
  SignupPage: {
    summary: 'The sign-up form',
    description: 'With the CAPTCHA widget when it is on (the page shows the site key as `data-sitekey`).',
    tag: 'Pages',
    responses: { 200: page('The sign-up page.') },
  },
  GetCatalog: {
    summary: 'The certification catalog',
    description: 'Every current certification, specialization and prerequisite card, with its renewal rules.',
    tag: 'Reference',
    responses: {
      200: {
        description: 'The catalog; cacheable for an hour.',
        headers: { 'Cache-Control': header('CacheControl') },
        content: json('CatalogResponse'),
      },
    },
  },
  SubmitSignup: {
    summary: 'Sign up',
    description:
      'JSON (an API client) or the sign-up page’s form. The same answer for every address; a confirmation email ' +
      'goes out at most once per address per 24 hours. Checks run in order: size, parsing, the honeypot, ' +
      'validation, the CAPTCHA.',
    tag: 'Sign-up',
    body: { json: 'SignupRequest', form: 'SignupForm' },
    responses: {
      200: page('Form: the form again with one more row ("Add another …"); nothing checked, written or sent.'),
      202: answer('JSON: accepted, whatever the address.', 'SignupAccepted'),
      303: redirect('Form: on to the "check your email" page, whatever the address.'),
      400: rejection(`${INVALID} A form post gets the form again, each error next to its field.`, 'both'),
      403: rejection(CAPTCHA_REJECTED, 'both'),
      413: rejection(TOO_LARGE, 'both'),
      415: rejection(MEDIA_TYPE, 'json'),
      429: rejection(RATE_LIMITED, 'both', true),
      503: rejection(
        `${CAPTCHA_UNAVAILABLE} Or (email.not-sent) SES certainly sent nothing; retrying works.`,
        'both',
        true,
      ),
    },
  },
  SignupSentPage: {
    summary: 'The "check your email" page after a sign-up',
    description: 'Names the address typed while the form’s short-lived link lasts.',
    tag: 'Pages',
    query: SignupSentQuery,
    responses: { 200: page('The page.'), 400: rejection('A malformed query.', 'json') },
  },
  ConfirmPage: {
    summary: 'The confirm-your-email page',
    description: 'A page with a "Confirm my email" button. Changes nothing (mail scanners follow links).',
    tag: 'Pages',
    query: ConfirmPageQuery,
    responses: { 200: page('The page with the button.'), 400: rejection('No or an oversized token.', 'page') },
  },
  ConfirmSignup: {
    summary: 'Confirm a sign-up',
    description:
      'Consumes the confirm token of the most recently emailed link, creates the trainer (attaching course ' +
      'completions that arrived before) and answers with the status-page link. A double click creates it once.',
    tag: 'Sign-up',
    body: { json: 'ConfirmationRequest', form: 'ConfirmationRequest' },
    responses: {
      200: pageOrAnswer('Confirmed: `statusUrl` (JSON) or the "You are confirmed" page (form).', 'Confirmed'),
      400: rejection(INVALID, 'both'),
      401: rejection(`${BAD_TOKEN} Also a superseded or already used link.`, 'both'),
      413: rejection(TOO_LARGE, 'both'),
      415: rejection(MEDIA_TYPE, 'json'),
    },
  },
  StatusPage: {
    summary: 'The status page',
    description:
      'Each certification’s phase, progress, advice, dates and fees; the trainer’s history and the forms that ' +
      'change the record (all plain form posts).',
    tag: 'My record',
    query: StatusPageQuery,
    responses: {
      200: page('The status page.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(`${BAD_LINK} It carries the "email me a fresh link" box.`, 'page'),
    },
  },
  GetMe: {
    summary: 'My evaluation and profile',
    tag: 'My record',
    bearer: true,
    responses: {
      200: answer(
        'The evaluation and the stored profile; `nextReminderOn` skips reminders already sent.',
        'MeResponse',
      ),
      401: rejection(BAD_TOKEN, 'json'),
    },
  },
  ReplaceMe: {
    summary: 'Replace my profile',
    description:
      'Replaces the trainer’s own entries; credits a course provider recorded (`recordedBy`) are kept when the body ' +
      'leaves them out. The next reminder and the due index are recomputed.',
    tag: 'My record',
    bearer: true,
    body: { json: 'TrainerProfile' },
    responses: {
      200: answer('The new evaluation.', 'Evaluation'),
      400: rejection(INVALID, 'json'),
      401: rejection(BAD_TOKEN, 'json'),
      409: rejection('Other writes kept winning (trainer.concurrent-update); retry.', 'json'),
      413: rejection(TOO_LARGE, 'json'),
      415: rejection(MEDIA_TYPE, 'json'),
    },
  },
  ExportMe: {
    summary: 'Export everything stored about me',
    tag: 'My record',
    bearer: true,
    responses: {
      200: {
        description: 'Every stored item, as an attachment.',
        headers: { 'Content-Disposition': header('ContentDisposition') },
        content: json('Export'),
      },
      401: rejection(BAD_TOKEN, 'json'),
    },
  },
  DeleteMe: {
    summary: 'Erase everything stored about me',
    description: 'The token answers 401 afterwards.',
    tag: 'My record',
    bearer: true,
    responses: { 200: answer('How many items were removed.', 'Deleted'), 401: rejection(BAD_TOKEN, 'json') },
  },
  ChangeMyRecord: {
    summary: 'A change from one of the status page’s forms',
    description: 'Every write goes through the same checks as PUT /api/me.',
    tag: 'My record',
    body: { form: 'StatusChangeForm' },
    responses: {
      303: redirect('Saved (or nothing to do): back to `/status?token=…&done=<action>`, which says what changed.'),
      400: rejection('The status page again, the message next to the field; nothing written.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  ReminderActionPage: {
    summary: 'A reminder’s "Done already?" link',
    description:
      'Asks what to record (a renewed card’s expiry, the day a specialization was earned, a course); changes nothing.',
    tag: 'Email links',
    query: ReminderActionQuery,
    responses: {
      200: page('The form, with today filled in where it is a fair guess.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  RecordReminderAction: {
    summary: 'Record what a reminder’s action link asked for',
    description: 'Checked like the status page’s forms; the link works once, and a replay changes nothing.',
    tag: 'Email links',
    body: { form: 'ReminderActionForm' },
    responses: {
      200: page('"Already done": the link was used before; nothing changed.'),
      303: redirect('Saved: on to `/status?token=…&done=<action>` with a fresh status link.'),
      400: rejection('The form again, the message next to the field; nothing written.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  ExportMyRecordPage: {
    summary: 'Export, from the status page',
    tag: 'My record',
    body: { form: 'ExportForm' },
    responses: {
      200: {
        description: 'The same JSON as GET /api/me/export, as an attachment.',
        headers: { 'Content-Disposition': header('ContentDisposition') },
        content: json('Export'),
      },
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  DeleteMyRecordPage: {
    summary: 'Delete, from the status page',
    description: 'Without `confirm=yes`: the confirmation step. With it: erases everything, as DELETE /api/me.',
    tag: 'My record',
    body: { form: 'DeleteForm' },
    responses: {
      200: page('The confirmation page, or the page that says the record was deleted.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  TurnRemindersOn: {
    summary: 'Ask to turn reminders back on',
    description: 'Emails a confirmed opt-in link (a `resubscribe` token, 7 days) to the trainer.',
    tag: 'Email links',
    body: { form: 'TurnRemindersOnForm' },
    responses: {
      303: redirect('Back to the status page, which says the email is on its way.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(BAD_LINK, 'page'),
      503: rejection('SES certainly sent nothing (email.not-sent); nothing changed, try again later.', 'page', true),
    },
  },
  CalendarLink: {
    summary: 'Make or replace my calendar link',
    description:
      'From the status page’s "Subscribe in your calendar" section: `create` makes the private feed link (a second ' +
      'post keeps the same one), `rotate` replaces it; the old link answers 404 from then on.',
    tag: 'My record',
    body: { form: 'CalendarForm' },
    responses: {
      303: redirect(
        'Back to `/status?token=…&done=calendar-created|calendar-replaced#calendar`, which shows the link.',
      ),
      400: rejection('No or an oversized token, or an unknown `action`.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  CalendarFeed: {
    summary: 'My deadlines as a calendar subscription',
    description:
      'iCalendar (RFC 5545): one all-day event per deadline still ahead, rendered from the record at each fetch, ' +
      'with stable UIDs and a SEQUENCE that rises with every change to the record. No token: the feed id is the ' +
      'capability; it holds no name or address.',
    tag: 'My record',
    responses: {
      200: {
        description: 'The calendar; `cache-control: private, max-age=900`.',
        headers: { 'Cache-Control': header('CacheControl') },
        content: ICALENDAR,
      },
      404: {
        description:
          'Unknown, replaced or malformed feed id, or the trainer deleted their data: `Not found`, nothing else.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    },
  },
  ShareLink: {
    summary: 'Make or turn off a share link',
    description:
      'From the status page’s "Share your status" section. `create` makes a link (at most 20 that work at once) and ' +
      'sends the browser to the one page that shows its address: Recert keeps only its SHA-256. `revoke` turns one ' +
      'off at once (a second post changes nothing); it answers 410 from then on.',
    tag: 'My record',
    body: { form: 'ShareLinkForm' },
    responses: {
      303: redirect(
        '`create`: on to `/status/share?token=…&link=<link id>`. `revoke`: back to ' +
          '`/status?token=…&done=share-revoked#share`, which says so.',
      ),
      400: rejection(
        'The status page again with the message next to the field (no certification chosen, one not on the record, ' +
          'a label over 60 characters, 20 links already working); or, for a malformed post, an error page. Nothing ' +
          'written.',
        'page',
      ),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  ShareReadyPage: {
    summary: 'The page right after making a share link',
    description:
      'The link’s address to copy, what it shows and until when. Only for a live link of the trainer the token names.',
    tag: 'My record',
    query: ShareReadyQuery,
    responses: {
      200: page('The page with the address.'),
      400: rejection('No or an oversized token or link.', 'page'),
      401: rejection(BAD_LINK, 'page'),
      404: rejection('Not a live link of this trainer’s (turned off, expired, or someone else’s).', 'page'),
    },
  },
  SharedStatus: {
    summary: 'A trainer’s share link',
    description:
      'The same URL answers a page or, with `Accept: application/json` (and not `text/html`), JSON; `Vary: Accept`, ' +
      '`cache-control: no-store`, `x-robots-tag: noindex, nofollow`. No token: the link id is the capability. Each ' +
      'answered request counts as a view, which the trainer sees. At most 30 requests per link per 10-minute window.',
    tag: 'Verification',
    responses: {
      200: pageOrAnswer('What the trainer chose to show, as of today.', 'SharedStatus'),
      404: rejection(
        '(share.not-found) Malformed, never made, or its trainer deleted their data: the same answer for each.',
        'both',
      ),
      410: rejection('(share.gone) Turned off or expired: nothing about the trainer in it.', 'both'),
      429: rejection(
        '(share.rate-limited) 30 requests for this link in the current 10-minute window; not counted as a view. ' +
          '`Retry-After` is the seconds until the window ends.',
        'both',
        true,
      ),
    },
  },
  TeamAnswer: {
    summary: 'Join, decline or leave a team',
    description:
      'From the status page’s "Teams" section. Only an invitation to the trainer’s own address can be accepted or ' +
      'declined, and only their own membership left; anything else changes nothing. A decline looks to the team like ' +
      'an invitation not answered; a leave shows the team "<name> left the team".',
    tag: 'Teams',
    body: { form: 'TeamAnswerForm' },
    responses: {
      303: redirect('Back to `/status?token=…#teams`, which shows the result.'),
      400: rejection('No or an oversized token, an unknown `action` or a malformed team id.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  TeamPage: {
    summary: 'The team manager’s page',
    description:
      'The roster of members who accepted, each with exactly what a share link shows (name; certifications with ' +
      'phase and expiry; CPR/AED current or not), "needs attention" first (lapsed, in the late-renewal window, ' +
      'CPR/AED not current, expiring within 60 days), sorted on the server; the invitation form and the invitations ' +
      'not accepted; who left recently. Behind a `team-manager` token (40 days).',
    tag: 'Teams',
    query: TeamPageQuery,
    responses: {
      200: page('The page.'),
      400: rejection('No or an oversized token, or an unknown `sort`.', 'page'),
      401: rejection('The "This team link has expired" page (a bad, expired or deleted team’s token).', 'page'),
    },
  },
  TeamRosterCsv: {
    summary: 'The team roster as CSV',
    description:
      'RFC 4180 CSV with a header row (`name,needs_attention,attention_reasons,certification_code,' +
      'certification_name,phase,expires_on,cpr_aed_current,as_of`), one row per member and certification, in the ' +
      "page’s order; dates as `YYYY-MM-DD`. A field a spreadsheet would read as a formula starts with `'`.",
    tag: 'Teams',
    query: TeamRosterCsvQuery,
    responses: {
      200: {
        description: 'The download (`content-disposition: attachment; filename="team-roster-<date>.csv"`).',
        headers: { 'Content-Disposition': header('ContentDisposition') },
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
      400: rejection('No or an oversized token, or an unknown `sort`.', 'page'),
      401: rejection('The "This team link has expired" page.', 'page'),
    },
  },
  TeamInvitations: {
    summary: 'Invite a trainer, or withdraw an invitation',
    description:
      '`invite` records the invitation (30 days) and emails it; the answer is the same whether or not the address ' +
      'belongs to a Recert trainer, and a second invitation while one waits sends nothing. At most 100 waiting. ' +
      '`withdraw` takes one back.',
    tag: 'Teams',
    body: { form: 'TeamInvitationForm' },
    responses: {
      303: redirect('Back to `/team?token=…&done=invited|already-invited|withdrawn#invite`.'),
      400: rejection(
        'The team page again with the message next to the address (missing, not an address, 100 waiting); or, for ' +
          'a malformed post, an error page. Nothing written.',
        'page',
      ),
      401: rejection('The "This team link has expired" page.', 'page'),
      503: rejection('SES certainly sent nothing (email.not-sent); nothing was saved, try again later.', 'page', true),
    },
  },
  TeamMembers: {
    summary: 'Remove a member from the team',
    description: 'The member stops sharing with the team at once; a second post changes nothing.',
    tag: 'Teams',
    body: { form: 'TeamMemberForm' },
    responses: {
      303: redirect('Back to `/team?token=…&done=removed#roster`.'),
      400: rejection('No or an oversized token, or a malformed member reference.', 'page'),
      401: rejection('The "This team link has expired" page.', 'page'),
    },
  },
  DeleteTeam: {
    summary: 'Delete the team',
    description:
      'Without `confirm=yes` a confirmation page; with it the team, its roster, invitations, departures and digest ' +
      'ledger, and each member’s side of the membership, are deleted, and the team’s links stop working.',
    tag: 'Teams',
    body: { form: 'DeleteTeamForm' },
    responses: {
      200: page('The confirmation step, or the page saying the team is deleted.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection('The "This team link has expired" page.', 'page'),
    },
  },
  PrivacyPage: {
    summary: 'The privacy page',
    description: 'What is stored, for how long, and who operates this Recert.',
    tag: 'Pages',
    responses: { 200: page('The privacy page.') },
  },
  ResubscribePage: {
    summary: 'The turn-reminders-back-on page',
    description: 'Where the opt-in email’s link leads: a button; nothing changes yet.',
    tag: 'Email links',
    query: ResubscribePageQuery,
    responses: {
      200: page('The page with the button.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  Resubscribe: {
    summary: 'Turn reminders back on',
    description: 'Takes the address off the suppression list. Only a `resubscribe` token can: a status token is 401.',
    tag: 'Email links',
    body: { form: 'ResubscribeForm' },
    responses: {
      200: page('Reminders are on again, with a fresh link to the status page.'),
      400: rejection('No or an oversized token.', 'page'),
      401: rejection(BAD_LINK, 'page'),
    },
  },
  UnsubscribePage: {
    summary: 'The unsubscribe page',
    description: 'Explains and offers a button; only the POST unsubscribes (RFC 8058).',
    tag: 'Email links',
    query: UnsubscribePageQuery,
    responses: { 200: page('The page with the button.'), 400: rejection('No or an oversized token.', 'page') },
  },
  Unsubscribe: {
    summary: 'Unsubscribe (RFC 8058 one-click)',
    description:
      'Suppresses the address at once; idempotent; no cookies or auth. A browser (`Accept: text/html`) gets a page.',
    tag: 'Email links',
    query: UnsubscribeQuery,
    body: { form: 'UnsubscribeForm' },
    responses: {
      200: pageOrAnswer('Unsubscribed. No redirect.', 'Unsubscribed'),
      400: rejection('Any body but `List-Unsubscribe=One-Click`, or no token.', 'both'),
      401: rejection(BAD_TOKEN, 'both'),
    },
  },
  CourseCompleted: {
    summary: 'A course provider’s signed "course completed"',
    description:
      'Verified against the raw body with the provider’s current secrets before anything is parsed. Idempotent per ' +
      '`webhook-id` (7 days): retry with the same id and a fresh timestamp and signature.',
    tag: 'Course providers',
    webhook: 'course.completed',
    body: { json: 'CourseCompletedPayload' },
    responses: {
      200: answer('`applied`: credit recorded; `duplicate`: this `webhook-id` was already handled.', 'WebhookHandled'),
      202: answer(
        '`unclaimed`: no confirmed trainer has this address yet, kept for 365 days; `quarantined`: signed but ' +
          'unusable, kept for an operator. Do not retry; fix and send a new `webhook-id`.',
        'WebhookKept',
      ),
      401: rejection(
        'Missing header, non-integer or stale/future timestamp, no matching signature, unknown provider. Nothing ' +
          'was written.',
        'json',
      ),
      413: rejection(TOO_LARGE, 'json'),
      500: rejection('Our fault; nothing was kept. Retry with the same `webhook-id`.', 'json'),
      503: {
        description: 'Another delivery of this `webhook-id` is still being applied; retry after `Retry-After`.',
        headers: { 'Retry-After': header('RetryAfter') },
        content: json('WebhookProcessing'),
      },
    },
  },
  StatusLinkPage: {
    summary: 'The "get a fresh status link" page',
    tag: 'Pages',
    responses: { 200: page('The form (with the CAPTCHA widget when it is on).') },
  },
  RequestStatusLink: {
    summary: 'Email me my status link',
    description:
      'The way back in when a status link has expired. The same answer for every address; at most one email per ' +
      'address per hour, only to a confirmed trainer’s address.',
    tag: 'My record',
    body: { json: 'StatusLinkRequest', form: 'StatusLinkForm' },
    responses: {
      202: answer('JSON: accepted, whatever the address.', 'StatusLinkAccepted'),
      303: redirect('Form: on to `/status-link/sent`, whatever the address.'),
      400: rejection(`${INVALID} A form post gets the request page again.`, 'both'),
      403: rejection(CAPTCHA_REJECTED, 'both'),
      413: rejection(TOO_LARGE, 'both'),
      415: rejection(MEDIA_TYPE, 'json'),
      429: rejection(RATE_LIMITED, 'both', true),
      503: rejection(CAPTCHA_UNAVAILABLE, 'both', true),
    },
  },
  StatusLinkSentPage: {
    summary: 'The "check your email" page after asking for a link',
    tag: 'Pages',
    responses: { 200: page('The page, the same for every address.') },
  },
  OpenApiDocument: {
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of every route; the same file as docs/openapi.json in the repository.',
    tag: 'Reference',
    responses: {
      200: {
        description: 'The document; cacheable for a day.',
        headers: { 'Cache-Control': header('CacheControl') },
        content: json('OpenApiDocument'),
      },
    },
  },
};

const WEBHOOK_HEADERS = ['WebhookId', 'WebhookTimestamp', 'WebhookSignature'] as const;

const PARAMETERS: Readonly<Record<(typeof WEBHOOK_HEADERS)[number], Parameter>> = {
  WebhookId: {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'Your stable event id, the same on every retry: the idempotency key (Standard Webhooks).',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
  },
  WebhookTimestamp: {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Unix seconds when this attempt was signed; within ±300 s of Recert’s clock.',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
  },
  WebhookSignature: {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      '`v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{raw body}`, keyed with the base64-decoded ' +
      'part of the `whsec_…` secret. Several may be sent, space-separated (key rotation); one that verifies is enough.',
    schema: { type: 'string', maxLength: 1024 },
  },
};

const HEADERS: Readonly<Record<string, Header>> = {
  Location: {
    description: 'Where the browser goes next (303 See Other: a refresh never posts twice).',
    schema: { type: 'string' },
  },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'string', pattern: '^[0-9]+$' } },
  CacheControl: { description: 'How long the answer may be cached.', schema: { type: 'string' } },
  ContentDisposition: {
    description: 'A download: `attachment; filename="recert-export.json"` (or `team-roster-<date>.csv`).',
    schema: { type: 'string' },
  },
};

function pathParameters(path: string): Parameter[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    ...(PARAMETER_WORDS[name] ? { description: PARAMETER_WORDS[name] } : {}),
    schema: { type: 'string', minLength: 1, maxLength: 64 },
  }));
}

function operation(route: HttpRoute, spec: OperationSpec, operationId: string, withPath: boolean): Operation {
  const parameters: (Parameter | Reference)[] = [
    ...(withPath ? pathParameters(route.path) : []),
    ...(spec.query ? queryParameters(spec.query) : []),
    ...(spec.webhook ? WEBHOOK_HEADERS.map((name) => ({ $ref: `#/components/parameters/${name}` })) : []),
  ];
  const content = {
    ...(spec.body?.json ? json(spec.body.json) : {}),
    ...(spec.body?.form ? form(spec.body.form) : {}),
  };
  return {
    operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.bearer ? { security: [{ statusToken: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content } } : {}),
    responses: spec.responses,
  };
}

/** The event Recert sends to a team's endpoints (ADR 0035, docs/teams.md): no route of ours, the gym's receiver. */
export const STATUS_CHANGED_EVENT = STATUS_CHANGED;

const STATUS_CHANGED_OPERATION: Operation = {
  operationId: 'TeamStatusChanged',
  summary: 'A team member’s status changed (sent by Recert to the team’s endpoint)',
  description:
    'Recert POSTs this to each webhook endpoint a team registered (`npm run team -- webhook add`), signed per ' +
    'Standard Webhooks with the endpoint’s `whsec_…` secret (two signatures during a rotation). At least once: ' +
    'drop a `webhook-id` already processed; apply an event only if its `sequence` is newer than the last one applied ' +
    'for that member. Any 2xx within 5 s is delivered; anything else is retried with backoff for about 24 hours, ' +
    'then the endpoint is turned off and the team’s manager emailed.',
  tags: ['Teams'],
  parameters: WEBHOOK_HEADERS.map((name) => ({ $ref: `#/components/parameters/${name}` })),
  requestBody: { required: true, content: json('StatusChangedEvent') },
  responses: {
    '2XX': { description: 'Delivered: Recert will not send this event id again (unless your answer was lost).' },
    default: { description: 'Not delivered: retried after 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h and 8 h.' },
  },
};

/** The operationId of a webhook's copy under `webhooks` (the route's own operation keeps the route id). */
export const webhookOperationId = (routeId: string) => `${routeId}Webhook`;

/** The whole document. Deterministic: the same code gives the same bytes (docs/openapi.json is compared to it). */
export function buildOpenApiDocument(routes: readonly HttpRoute[] = HTTP_ROUTES): OpenApiDocument {
  const known = new Set(routes.map((route) => route.id));
  const stale = Object.keys(OPERATIONS).filter((id) => !known.has(id));
  if (stale.length > 0) throw new Error(`OPERATIONS describes routes that are not in the route table: ${stale}`);

  const paths: Record<string, Record<string, Operation>> = {};
  const webhooks: Record<string, { post: Operation }> = {};
  for (const route of routes) {
    const spec = OPERATIONS[route.id];
    if (!spec) continue;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, spec, route.id, true) };
    if (spec.webhook) webhooks[spec.webhook] = { post: operation(route, spec, webhookOperationId(route.id), false) };
  }
  webhooks[STATUS_CHANGED_EVENT] = { post: STATUS_CHANGED_OPERATION };
  return {
    openapi: '3.1.1',
    info: {
      title: 'Recert',
      version: API_VERSION,
      description:
        'Continuing-education reminders for fitness professionals. Every route of the HTTP API and the pages, and ' +
        'the course-provider webhook (Standard Webhooks). Prose and examples: docs/api.md and docs/webhooks.md. ' +
        `Bodies are at most ${MAX_BODY_BYTES / 1024} KB; every response carries \`cache-control: no-store\` unless ` +
        'it says otherwise.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: TAGS,
    paths,
    webhooks,
    components: {
      schemas: componentSchemas(),
      parameters: PARAMETERS,
      headers: HEADERS,
      securitySchemes: {
        statusToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The status token from the trainer’s status-page link (30 days); it names its own trainer.',
        },
      },
    },
  };
}

/** The document as docs/openapi.json holds it. */
export function openApiJson(routes: readonly HttpRoute[] = HTTP_ROUTES): string {
  return `${JSON.stringify(buildOpenApiDocument(routes), null, 2)}\n`;
}

/** Routes of the table the document leaves out (no OPERATIONS entry yet), as `METHOD /path (Id)`. */
export function undocumentedRoutes(document: OpenApiDocument, routes: readonly HttpRoute[] = HTTP_ROUTES): string[] {
  return routes
    .filter((route) => document.paths[route.path]?.[route.method.toLowerCase()] === undefined)
    .map((route) => `${route.method} ${route.path} (${route.id})`);
}
