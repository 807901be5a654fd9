import { keys } from '../../adapters/dynamodb/keys.js';
import { SHARE_LINK_ID_PATTERN, shareLinkState } from '../../adapters/dynamodb/share-link-repository.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { InvalidRequestError } from '../../common/errors.js';
import { type HttpResponse, html, seeOther } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import { messagePage } from '../../pages/layout.js';
import type { PostedForm } from '../../pages/my-record.js';
import { renderShareReadyPage } from '../../pages/share-ready-page.js';
import { SHARE_CREATE_ACTION, type ShareLifetime } from '../../pages/share-section.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { readShareForm } from './share-form.js';
import { lastDayOf, shareableCodes, validUntilOf } from './shared-status.js';

/** What the status page's share forms ask for: a new link, or turning one off. */
export const SHARE_ACTIONS = ['create', 'revoke'] as const;

/**
 * Links that answer at once, per trainer: far more than one trainer hands out (a link per gym or insurer), and a
 * bound on what one leaked status token can make. Checked before each new link; two made in the same instant may pass
 * it together, which costs nothing.
 */
export const MAX_LIVE_LINKS = 20;

export interface ShareLinkPost {
  readonly token: string;
  readonly action: (typeof SHARE_ACTIONS)[number];
  /** The link to turn off, by its reference (the SHA-256 of its id, as the page lists it). */
  readonly link?: string | undefined;
  readonly codes?: readonly string[] | undefined;
  readonly expires?: ShareLifetime | undefined;
  readonly label?: string | undefined;
}

/** Shows the status page again with the form's errors (the status page is another feature's: the entry hands it in). */
export type ShowFormErrors = (posted: PostedForm) => Promise<HttpResponse>;

/** `https://…/verify/<link id>`: the address the trainer sends. */
export function shareUrl(baseUrl: string, linkId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${linkId}`;
}

const statusPage = (token: string, done?: string) =>
  `/status?token=${encodeURIComponent(token)}${done ? `&done=${done}` : ''}#share`;

/**
 * POST /status/share. `create`: checks the form against the record, makes the link and sends the browser to the one
 * page that shows its address (303, so a refresh never makes a second link). `revoke`: turns the link off (a second
 * click changes nothing) and goes back to the status page, which says so.
 */
export async function postShareLink(
  deps: Dependencies,
  trainer: TrainerRecord,
  form: ShareLinkPost,
  now: Date,
  showFormErrors: ShowFormErrors,
): Promise<HttpResponse> {
  const links = deps.repositories.shareLinks;
  if (form.action === 'revoke') {
    if (form.link === undefined)
      throw new InvalidRequestError([{ path: 'link', message: 'required to turn a link off' }]);
    const outcome = await links.revoke(trainer.trainerId, form.link, now);
    logger.info('share link turned off', { trainerId: trainer.trainerId, outcome });
    return seeOther(statusPage(form.token, 'share-revoked'));
  }
  const read = readShareForm(form, shareableCodes(trainer, now));
  if (!read.ok) return showFormErrors(read.posted);
  const live = (await links.listForTrainer(trainer.trainerId, now)).filter((link) => link.state === 'live');
  if (live.length >= MAX_LIVE_LINKS) {
    return showFormErrors({
      action: SHARE_CREATE_ACTION,
      values: { codes: read.request.codes.join(' '), expires: form.expires ?? '', label: read.request.label ?? '' },
      errors: { form: `You have ${MAX_LIVE_LINKS} links that work: turn one off before making another.` },
    });
  }
  const { days } = read.request;
  const { linkId } = await links.create(
    trainer.trainerId,
    { ...read.request, validUntil: days === null ? undefined : validUntilOf(now, days) },
    now,
  );
  // The trainer id only: the link id is a capability, like a token, and never logged.
  logger.info('share link made', { trainerId: trainer.trainerId, days: days ?? 'until turned off' });
  return seeOther(`/status/share?token=${encodeURIComponent(form.token)}&link=${linkId}`);
}

/**
 * GET /status/share?token=…&link=…: the page right after making a link, with its address to copy. Only for a live
 * link of this very trainer; anything else is a 404 that names nothing.
 */
export async function shareReadyPage(
  deps: Dependencies,
  trainer: TrainerRecord,
  query: { readonly token: string; readonly link: string },
  now: Date,
): Promise<HttpResponse> {
  const link = SHARE_LINK_ID_PATTERN.test(query.link)
    ? await deps.repositories.shareLinks.get(trainer.trainerId, keys.shareLinkRef(query.link), now)
    : undefined;
  if (!link || shareLinkState(link, now) !== 'live') {
    return html(
      404,
      messagePage(
        'This share link does not work any more',
        'It was turned off or has expired. Make a new one on your status page.',
        `<p><a href="${statusPage(query.token)}">Back to my status page</a></p>`,
      ),
    );
  }
  const held = new Set(shareableCodes(trainer, now));
  return html(
    200,
    renderShareReadyPage({
      token: query.token,
      url: shareUrl(deps.config.BASE_URL, query.link),
      label: link.label,
      codes: link.codes.filter((code) => held.has(code)),
      lastDay: lastDayOf(link) ?? undefined,
    }),
  );
}
