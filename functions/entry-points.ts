/**
 * Every entry point of Recert as data: the CDK app deploys one function per entry, and the local runtime
 * (`npm start`) routes HTTP requests with this same table. One source of truth, no second list.
 * Pure data: infra may import this file; it must never import handler code.
 */

/** DynamoDB actions a function may perform on the table; the CDK grant is built from this list. */
export type TableAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

export interface EntryPoint {
  /** Stable PascalCase id: the CDK construct id and the name used by `npm run invoke`. */
  readonly id: string;
  /** Handler file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly tableActions: readonly TableAction[];
  /**
   * Global secondary indexes the function queries (needs 'Query' in `tableActions`). Only these index ARNs are
   * granted: `byDue` projects ALL attributes, so querying it reads every due trainer's address and profile.
   */
  readonly indexes?: readonly string[];
  /** Sends email through SES. */
  readonly sendsEmail: boolean;
  /** Reads the token-signing key. */
  readonly usesTokens: boolean;
  /** Reads provider webhook secrets. */
  readonly usesProviderSecrets?: boolean;
  /** Shows the sign-up form, so it needs the CAPTCHA widget's public site key (ADR 0015). */
  readonly rendersCaptcha?: boolean;
  /** Verifies CAPTCHA tokens, so it reads the CAPTCHA secret (ADR 0015). */
  readonly verifiesCaptcha?: boolean;
  /** May turn sending off on the SES configuration set (the reputation guard); never turns it back on. */
  readonly pausesSending?: boolean;
  /** Draws the cycle timeline as a PNG in emails: the rasteriser's files are copied beside the bundle (ADR 0030). */
  readonly drawsTimelinePictures?: boolean;
  /**
   * Publishes status-change events to the team-webhooks queue (ADR 0035): sqs:SendMessage on it and
   * WEBHOOK_QUEUE_URL. A record save publishes only with it: Query the trainer's teams and each team's endpoints,
   * GetItem the member's last published status, UpdateItem to commit the event on that item and to take it out once
   * queued, PutItem a "not sent" log entry for an endpoint that is off.
   */
  readonly publishesTeamEvents?: boolean;
}

export interface HttpRoute extends EntryPoint {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway HTTP API path, `{name}` for a path parameter. */
  readonly path: string;
  /** Anonymous public form routes get tighter per-route throttling. */
  readonly throttle: 'public-form' | 'default';
}

const READ = ['GetItem', 'Query'] as const;

export const HTTP_ROUTES: readonly HttpRoute[] = [
  {
    id: 'SignupPage',
    method: 'GET',
    path: '/',
    entry: 'functions/http/signup-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    rendersCaptcha: true,
    throttle: 'default',
  },
  {
    id: 'GetCatalog',
    method: 'GET',
    path: '/api/catalog',
    entry: 'functions/http/get-catalog.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
  {
    id: 'SubmitSignup',
    method: 'POST',
    path: '/api/signups',
    entry: 'functions/http/submit-signup.ts',
    // Query: the mailbox's suppression partition, every spelling at once (ADR 0027).
    tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    sendsEmail: true,
    usesTokens: true,
    // It re-renders the form (with the widget) after a mistake, and checks the token.
    rendersCaptcha: true,
    verifiesCaptcha: true,
    throttle: 'public-form',
  },
  {
    id: 'SignupSentPage',
    method: 'GET',
    path: '/signup/sent',
    entry: 'functions/http/signup-sent-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'ConfirmPage',
    method: 'GET',
    path: '/confirm',
    entry: 'functions/http/confirm-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'ConfirmSignup',
    method: 'POST',
    path: '/api/confirmations',
    entry: 'functions/http/confirm-signup.ts',
    tableActions: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'DeleteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'public-form',
  },
  {
    id: 'StatusPage',
    method: 'GET',
    path: '/status',
    entry: 'functions/http/status-page.ts',
    tableActions: [...READ],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'GetMe',
    method: 'GET',
    path: '/api/me',
    entry: 'functions/http/get-me.ts',
    tableActions: [...READ],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'ReplaceMe',
    method: 'PUT',
    path: '/api/me',
    entry: 'functions/http/replace-me.ts',
    // Query/PutItem: the trainer's teams hear of the change through their webhooks (ADR 0035).
    tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    sendsEmail: false,
    usesTokens: true,
    publishesTeamEvents: true,
    throttle: 'default',
  },
  {
    id: 'ExportMe',
    method: 'GET',
    path: '/api/me/export',
    entry: 'functions/http/export-me.ts',
    tableActions: [...READ],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'DeleteMe',
    method: 'DELETE',
    path: '/api/me',
    entry: 'functions/http/delete-me.ts',
    // PutItem: each team the trainer leaves gets "a member left" (ADR 0033).
    tableActions: ['GetItem', 'Query', 'PutItem', 'DeleteItem', 'BatchWriteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'ChangeMyRecord',
    method: 'POST',
    path: '/status',
    entry: 'functions/http/change-my-record.ts',
    // PutItem: the trainer's teams hear of the change through their webhooks (ADR 0035).
    tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    sendsEmail: false,
    usesTokens: true,
    publishesTeamEvents: true,
    throttle: 'default',
  },
  {
    id: 'ReminderActionPage',
    method: 'GET',
    path: '/act',
    entry: 'functions/http/reminder-action-page.ts',
    tableActions: ['GetItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'RecordReminderAction',
    method: 'POST',
    path: '/act',
    entry: 'functions/http/reminder-action.ts',
    // The link is spent with a conditional put (single use), then the record is saved like a status-page change
    // (and the trainer's teams hear of it through their webhooks, ADR 0035).
    tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    sendsEmail: false,
    usesTokens: true,
    publishesTeamEvents: true,
    throttle: 'default',
  },
  {
    id: 'ExportMyRecordPage',
    method: 'POST',
    path: '/status/export',
    entry: 'functions/http/export-my-record.ts',
    tableActions: [...READ],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'DeleteMyRecordPage',
    method: 'POST',
    path: '/status/delete',
    entry: 'functions/http/delete-my-record.ts',
    // PutItem: each team the trainer leaves gets "a member left" (ADR 0033).
    tableActions: ['GetItem', 'Query', 'PutItem', 'DeleteItem', 'BatchWriteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'TurnRemindersOn',
    method: 'POST',
    path: '/status/reminders',
    entry: 'functions/http/turn-reminders-on.ts',
    tableActions: [...READ],
    sendsEmail: true,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'CalendarLink',
    method: 'POST',
    path: '/status/calendar',
    entry: 'functions/http/calendar-link.ts',
    // PutItem: the feed's two items; UpdateItem: a rotation; DeleteItem (in a BatchWriteItem): the old pointers.
    tableActions: ['GetItem', 'PutItem', 'UpdateItem', 'BatchWriteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'CalendarFeed',
    method: 'GET',
    // `{feed}` is the whole last segment, `.ics` included (ADR 0026).
    path: '/calendar/{feed}',
    entry: 'functions/http/calendar-feed.ts',
    // The feed id is the capability, not a token. Calendar servers poll it: API Gateway's default throttle applies.
    tableActions: ['GetItem'],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
  {
    id: 'ShareLink',
    method: 'POST',
    path: '/status/share',
    entry: 'functions/http/share-link.ts',
    // PutItem: a new link's two items; UpdateItem: turning one off; GetItem/Query: the trainer, their links, and the
    // status page shown again after a mistake in the form.
    tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'ShareReadyPage',
    method: 'GET',
    path: '/status/share',
    entry: 'functions/http/share-ready-page.ts',
    tableActions: ['GetItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'SharedStatus',
    method: 'GET',
    path: '/verify/{link}',
    entry: 'functions/http/shared-status.ts',
    // The link id is the capability, not a token (ADR 0031). UpdateItem: the per-link window and the view counter.
    tableActions: ['GetItem', 'UpdateItem'],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
  {
    id: 'TeamAnswer',
    method: 'POST',
    path: '/status/teams',
    entry: 'functions/http/team-answer.ts',
    // The trainer joins (PutItem: both sides of the membership; DeleteItem: the invitation's two items), declines
    // (UpdateItem: the team's invitation; DeleteItem: the pointer) or leaves (PutItem: "a member left") (ADR 0033).
    tableActions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'TeamPage',
    method: 'GET',
    path: '/team',
    entry: 'functions/http/team-page.ts',
    // The manager's token names the team; Query: its partition; GetItem: the team and each member's record.
    tableActions: [...READ],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'TeamRosterCsv',
    method: 'GET',
    path: '/team/roster.csv',
    entry: 'functions/http/team-roster-csv.ts',
    tableActions: [...READ],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'TeamInvitations',
    method: 'POST',
    path: '/team/invitations',
    entry: 'functions/http/team-invitations.ts',
    // PutItem: an invitation's two items; DeleteItem: withdrawing one (or taking it back when SES sent nothing);
    // Query/GetItem: the roster (its page after a mistake) and the address's suppression, under any spelling.
    tableActions: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
    sendsEmail: true,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'TeamMembers',
    method: 'POST',
    path: '/team/members',
    entry: 'functions/http/team-members.ts',
    tableActions: ['GetItem', 'Query', 'DeleteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'DeleteTeam',
    method: 'POST',
    path: '/team/delete',
    entry: 'functions/http/delete-team.ts',
    tableActions: ['GetItem', 'Query', 'DeleteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'PrivacyPage',
    method: 'GET',
    path: '/privacy',
    entry: 'functions/http/privacy-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
  {
    id: 'ResubscribePage',
    method: 'GET',
    path: '/resubscribe',
    entry: 'functions/http/resubscribe-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
  {
    id: 'Resubscribe',
    method: 'POST',
    path: '/resubscribe',
    entry: 'functions/http/resubscribe.ts',
    tableActions: ['GetItem', 'Query', 'UpdateItem', 'DeleteItem'],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'UnsubscribePage',
    method: 'GET',
    path: '/unsubscribe',
    entry: 'functions/http/unsubscribe-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: true,
    throttle: 'default',
  },
  {
    id: 'Unsubscribe',
    method: 'POST',
    path: '/unsubscribe',
    entry: 'functions/http/unsubscribe.ts',
    tableActions: ['GetItem', 'PutItem', 'UpdateItem'],
    sendsEmail: false,
    usesTokens: true,
    // Mailbox providers send RFC 8058 one-click POSTs for everyone at once: one client must not push them into 429s.
    throttle: 'default',
  },
  {
    id: 'CourseCompleted',
    method: 'POST',
    path: '/webhooks/{providerId}',
    entry: 'functions/webhooks/course-completed.ts',
    // DeleteItem: hand a delivery claim back after a failure, and remove an unclaimed completion once attached.
    tableActions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
    sendsEmail: true,
    usesTokens: true,
    usesProviderSecrets: true,
    // A recorded credit is a record change: the trainer's teams hear of it through their webhooks (ADR 0035).
    publishesTeamEvents: true,
    throttle: 'default',
  },
  {
    id: 'StatusLinkPage',
    method: 'GET',
    path: '/status-link',
    entry: 'functions/http/status-link-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    rendersCaptcha: true,
    throttle: 'default',
  },
  {
    id: 'RequestStatusLink',
    method: 'POST',
    path: '/api/status-links',
    entry: 'functions/http/request-status-link.ts',
    // GetItem: the email claim and the suppression; Query: the mailbox's suppression partition (ADR 0027);
    // PutItem: the one-per-hour claim; DeleteItem: hand that claim back when SES certainly sent nothing, so the
    // trainer can ask again; UpdateItem: the per-network request counter it shares with sign-up (ADR 0024).
    tableActions: ['GetItem', 'Query', 'PutItem', 'DeleteItem', 'UpdateItem'],
    sendsEmail: true,
    usesTokens: true,
    // It re-renders the request form (with the widget) when the CAPTCHA is missing or the address is bad.
    rendersCaptcha: true,
    verifiesCaptcha: true,
    throttle: 'public-form',
  },
  {
    id: 'StatusLinkSentPage',
    method: 'GET',
    path: '/status-link/sent',
    entry: 'functions/http/status-link-sent-page.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
  {
    id: 'OpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    // The OpenAPI document (docs/openapi.json, bundled as data); `npm run openapi` rebuilds it.
    entry: 'functions/http/openapi.ts',
    tableActions: [],
    sendsEmail: false,
    usesTokens: false,
    throttle: 'default',
  },
];

/** The daily reminder run, fired by an EventBridge schedule (and by `npm run scan` locally). */
export const SCHEDULED_RUN: EntryPoint = {
  id: 'SendDueReminders',
  entry: 'functions/scheduled/send-due-reminders.ts',
  tableActions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
  // dueTrainers: the due trainers of each shard.
  indexes: ['byDue'],
  sendsEmail: true,
  usesTokens: true,
  drawsTimelinePictures: true,
};

/**
 * The monthly team digest (ADR 0033), fired by an EventBridge schedule on the 1st to 3rd of each month: Query the
 * team registry, each team's partition and the manager's suppressions; GetItem each member's record and the month's
 * ledger row; UpdateItem to claim and settle it; DeleteItem to give a claim back when SES surely sent nothing.
 */
export const TEAM_DIGESTS: EntryPoint = {
  id: 'SendTeamDigests',
  entry: 'functions/scheduled/send-team-digests.ts',
  tableActions: ['GetItem', 'Query', 'UpdateItem', 'DeleteItem'],
  sendsEmail: true,
  usesTokens: true,
};

/**
 * Status-change webhooks (ADR 0035): the daily sweep, fired by an EventBridge schedule, compares each member's status
 * with what their team's endpoints were last told (time alone changes phases) and queues the difference, and re-queues
 * outbox items a crash left unsent. Query: the team registry, each team's endpoints, outbox and roster; GetItem: each
 * member's record and membership; UpdateItem: the snapshot with its event (one conditional write), and the event
 * out of it once queued; PutItem: a "not sent" log entry for an endpoint that is off.
 */
export const TEAM_WEBHOOK_SWEEP: EntryPoint = {
  id: 'SweepTeamWebhooks',
  entry: 'functions/scheduled/sweep-team-webhooks.ts',
  tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
  sendsEmail: false,
  usesTokens: false,
  publishesTeamEvents: true,
};

/**
 * The delivery of status-change webhooks (ADR 0035), fed by the team-webhooks SQS queue: GetItem the endpoint, the
 * membership (re-checked before every POST) and the log entry; PutItem the log entry; UpdateItem to turn an endpoint
 * off after its retries; GetItem/Query the team and its manager's suppressions for the one email that says so.
 */
export const TEAM_WEBHOOK_DELIVERY: EntryPoint = {
  id: 'DeliverTeamWebhooks',
  entry: 'functions/events/deliver-team-webhooks.ts',
  tableActions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
  sendsEmail: true,
  usesTokens: true,
};

/**
 * SES configuration-set events (→ EventBridge): bounces and complaints add addresses to the suppression list
 * (PutItem, GetItem on the email claim, UpdateItem on the trainer); Send/Delivery events with reminder tags mark
 * SENDING ledger rows SENT (Query on the trainer's partition, UpdateItem).
 */
export const DELIVERY_EVENTS: EntryPoint = {
  id: 'RecordDeliveryEvent',
  entry: 'functions/events/record-delivery-event.ts',
  tableActions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
  sendsEmail: false,
  usesTokens: false,
};

/**
 * The reputation guard (reliability item 28): SES bounce ≥ 4 % or complaint ≥ 0.08 % alarm → EventBridge → this
 * function turns sending off on the configuration set, before AWS's own review thresholds (5 % / 0.1 %) are reached.
 * Turning it back on is a human decision (docs/deploy.md, ADR 0014).
 */
export const REPUTATION_GUARD: EntryPoint = {
  id: 'PauseSending',
  entry: 'functions/events/pause-sending.ts',
  tableActions: [],
  sendsEmail: false,
  usesTokens: false,
  pausesSending: true,
};

/** Every entry point, one function each: what the CDK app deploys, `npm run invoke` finds and the bench measures. */
/**
 * API Gateway's `$default` route: every request no route above matches (any method, any path). A page for a
 * browser, JSON for an API client; never a bare `{"message":"Not Found"}` a trainer cannot act on.
 */
export const NOT_FOUND_PAGE: EntryPoint = {
  id: 'NotFound',
  entry: 'functions/http/not-found.ts',
  tableActions: [],
  sendsEmail: false,
  usesTokens: false,
};

export const ALL_ENTRY_POINTS: readonly EntryPoint[] = [
  ...HTTP_ROUTES,
  NOT_FOUND_PAGE,
  SCHEDULED_RUN,
  TEAM_DIGESTS,
  TEAM_WEBHOOK_SWEEP,
  TEAM_WEBHOOK_DELIVERY,
  DELIVERY_EVENTS,
  REPUTATION_GUARD,
];
