import { createHash } from 'node:crypto';
import type { CertificationEvaluation, Evaluation, PrerequisiteEvaluation } from '../../core/index.js';
import { formatLongDate } from '../../core/index.js';
import { escapeHtml } from '../shared/http.js';
import { layout } from './layout.js';

export interface StatusPageInput {
  readonly name: string;
  readonly evaluation: Evaluation;
  /** The trainer's status token: the page's script reads it from a `data-token` attribute and sends it as a Bearer token to /api/me routes. */
  readonly token: string;
  readonly unsubscribeUrl: string;
}

const STATUS_LABEL = { active: 'Active', grace: 'Expired — still renewable', lapsed: 'Lapsed' } as const;

const fmt = (value: number) => value.toFixed(value % 1 === 0 ? 1 : 2).replace(/(\.\d)0$/, '$1');

function certificationCard(cert: CertificationEvaluation): string {
  const percent =
    cert.unitsRequired > 0 ? Math.min(100, Math.round((cert.unitsEarned / cert.unitsRequired) * 100)) : 100;
  const d = cert.deadlines;
  const timeline = [
    ['Finish CE by', d.finishBy],
    ['Expires', d.expiresOn],
    ['Late CE allowed until', d.lateCeBy],
    ['Renewable until', d.graceEndsOn],
    ['Reinstate by', d.reinstateBy],
  ]
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([label, date]) => `<dt>${label}</dt><dd>${formatLongDate(date)}</dd>`)
    .join('');
  const advice = cert.requirementsMet
    ? `<p><strong>You have everything you need:</strong> submit your ${escapeHtml(cert.code)} renewal before ${formatLongDate(cert.expiresOn)}.</p>`
    : `<h3>What to do next</h3><ol>${cert.recommendations
        .map(
          (r) =>
            `<li><strong>${escapeHtml(r.code)}</strong> (${fmt(r.units)} ${escapeHtml(cert.unit)}) — ${escapeHtml(r.why)}</li>`,
        )
        .join('')}</ol>`;
  return `<section class="card" aria-labelledby="cert-${escapeHtml(cert.code)}">
<h2 id="cert-${escapeHtml(cert.code)}">${escapeHtml(cert.code)} <small>${escapeHtml(cert.name)}</small></h2>
<p class="status-${cert.status}">${STATUS_LABEL[cert.status]}</p>
<p><span data-testid="progress-${escapeHtml(cert.code)}">${fmt(cert.unitsEarned)} of ${fmt(cert.unitsRequired)} ${escapeHtml(cert.unit)}s</span> earned this cycle (since ${formatLongDate(cert.cycleStartsOn)}).</p>
<div class="progress" role="progressbar" aria-label="${escapeHtml(cert.code)} progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><span style="width:${percent}%"></span></div>
${advice}
<dl>${timeline}</dl>
</section>`;
}

function prerequisiteCard(card: PrerequisiteEvaluation): string {
  return `<section class="card"><h2>${escapeHtml(card.name)}</h2>
<p class="${card.status === 'current' ? 'status-active' : 'status-lapsed'}">${card.status === 'current' ? 'Current' : 'Expired'} — expires ${formatLongDate(card.expiresOn)}; needed by ${card.requiredBy.map(escapeHtml).join(', ')}.</p></section>`;
}

/**
 * The status page's only script. Static on purpose: the token lives in an escaped `data-token` attribute, never in
 * script text, so the page's CSP can allow exactly this script by hash and no `'unsafe-inline'`.
 */
const STATUS_PAGE_SCRIPT = `const token=document.getElementById('your-data').dataset.token;
const say=(t)=>{document.getElementById('data-message').textContent=t;};
document.getElementById('export-link').addEventListener('click',async(e)=>{e.preventDefault();
 const r=await fetch('/api/me/export',{headers:{authorization:'Bearer '+token}});
 if(!r.ok){say('Could not export your data: '+r.status);return;}
 const url=URL.createObjectURL(await r.blob());const a=document.createElement('a');a.href=url;a.download='recert-export.json';a.click();URL.revokeObjectURL(url);});
document.getElementById('delete-button').addEventListener('click',async()=>{
 if(!confirm('Delete everything Recert holds about you? This cannot be undone.'))return;
 const r=await fetch('/api/me',{method:'DELETE',headers:{authorization:'Bearer '+token}});
 say(r.ok?'Your data has been deleted. You will receive no more emails.':'Could not delete your data: '+r.status);});`;

/** For the status page's `content-security-policy` (`script-src 'sha256-…'`), computed once per cold start. */
export const STATUS_PAGE_SCRIPT_HASH = `sha256-${createHash('sha256').update(STATUS_PAGE_SCRIPT).digest('base64')}`;

/** The trainer's status page: progress, advice with its reason, deadlines, and self-service links. */
export function renderStatusPage({ name, evaluation, token, unsubscribeUrl }: StatusPageInput): string {
  const cards = evaluation.certifications.map(certificationCard).join('\n');
  const cprCards = evaluation.prerequisites.map(prerequisiteCard).join('\n');
  const next = evaluation.nextReminderOn
    ? `<p>Your next reminder is due on ${formatLongDate(evaluation.nextReminderOn)}.</p>`
    : '<p>No reminder is scheduled.</p>';
  return layout(
    'Your recertification status',
    `<h1>Hi ${escapeHtml(name)}, here is where you stand</h1>
<p>As of ${formatLongDate(evaluation.asOf)}.</p>
${cards || '<p>You have not told us about a certification yet.</p>'}
${cprCards}
${next}
<section class="card" id="your-data" data-token="${escapeHtml(token)}"><h2>Your data</h2>
<ul>
<li><a href="/api/me/export" id="export-link">Download everything we hold about you (JSON)</a></li>
<li><a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe from reminder emails</a></li>
<li><button type="button" id="delete-button">Delete my data</button></li>
</ul>
<p id="data-message" role="status"></p>
</section>`,
    STATUS_PAGE_SCRIPT,
  );
}
