import { escapeHtml } from '../common/http.js';

/**
 * Every page shares one shell: readable on a phone, works without JavaScript, no external assets (the one exception:
 * the CAPTCHA widget on the sign-up page when the CAPTCHA is on, which says so when JavaScript is off).
 */
export function layout(title: string, main: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Recert</title>
<style>
  :root { color-scheme: light; --ink:#1d2433; --muted:#5b6475; --line:#d7dbe3; --accent:#0b6e4f; --bad:#b3261e; --bg:#f6f7f9; }
  * { box-sizing: border-box; }
  body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
  header { background:var(--accent); color:#fff; padding:12px 16px; }
  header a { color:#fff; text-decoration:none; font-weight:700; letter-spacing:.02em; }
  main { max-width:720px; margin:0 auto; padding:16px; }
  h1 { font-size:1.5rem; margin:.5rem 0 1rem; }
  h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
  fieldset { min-width:0; border:1px solid var(--line); border-radius:8px; padding:12px; margin:0 0 16px; background:#fff; }
  legend { font-weight:600; padding:0 4px; }
  label { display:block; font-weight:600; margin:.5rem 0 .25rem; }
  .hint { color:var(--muted); font-size:.9rem; margin:0 0 .25rem; }
  input, select { width:100%; font:inherit; padding:10px; border:1px solid #9aa3b2; border-radius:6px; background:#fff; }
  input:focus, select:focus, button:focus, a:focus { outline:3px solid #f2b705; outline-offset:2px; }
  .row { display:grid; gap:0 8px; grid-template-columns:minmax(0,1fr) minmax(0,1fr); align-items:start; } .row > .wide { grid-column:1 / -1; }
  @media (min-width:600px) { .row { grid-template-columns:2fr 1fr 1fr; } .row > .wide { grid-column:auto; } }
  details.optional { background:#fff; border:1px solid var(--line); border-radius:8px; padding:4px 12px; margin:0 0 16px; }
  details.optional > fieldset { border:0; padding:0; margin:0 0 8px; }
  .required { color:var(--bad); }
  .error { color:var(--bad); font-size:.9rem; margin:.25rem 0 0; }
  [aria-invalid="true"] { border-color:var(--bad); }
  .summary { border:2px solid var(--bad); border-radius:8px; padding:12px; background:#fff; }
  button { font:inherit; font-weight:700; padding:12px 20px; border:0; border-radius:6px; background:var(--accent); color:#fff; cursor:pointer; }
  .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px; margin:0 0 16px; }
  .progress { height:10px; background:#e5e8ee; border-radius:5px; overflow:hidden; }
  .progress > span { display:block; height:100%; background:var(--accent); }
  .status-active { color:var(--accent); } .status-grace, .status-lapsed { color:var(--bad); }
  dl { display:grid; grid-template-columns:max-content 1fr; gap:4px 12px; margin:8px 0 0; } dt { color:var(--muted); } dd { margin:0; }
  h3 { font-size:1rem; margin:1rem 0 .25rem; }
  .card ol, .card ul { margin:.25rem 0 0; padding-left:1.25rem; } .card li { margin:0 0 .25rem; } .card li p { margin:.25rem 0 0; }
  .phase { border-left:4px solid var(--accent); padding:2px 0 2px 10px; font-weight:600; }
  .phase-warn { border-color:#b26a00; } .phase-bad { border-color:var(--bad); }
  .caution, .notice { background:#fff8e1; border:1px solid #f2b705; border-radius:6px; padding:8px 12px; }
  .caution { margin:12px 0 0; } .notice { margin:0 0 16px; } .notice h2 { margin-top:0; }
  .caution p { margin:0; } .caution p + p { margin-top:.5rem; }
  .passed, .when, .credits { color:var(--muted); } .credits { font-size:.9rem; } .credit-title { color:var(--ink); }
  @media (max-width:420px) { dl { grid-template-columns:1fr; gap:0; } dd { margin:0 0 6px; } }
  button.secondary { background:#fff; color:var(--accent); border:2px solid var(--accent); padding:8px 14px; }
  button.danger { background:var(--bad); }
  button.link { background:none; color:var(--bad); border:0; padding:4px 0; font-weight:600; text-decoration:underline; }
  details { margin:0 0 12px; } summary { cursor:pointer; font-weight:700; color:var(--accent); padding:8px 0; }
  details.action > summary { display:inline-block; background:var(--accent); color:#fff; border-radius:6px; padding:12px 20px; }
  .inline { display:inline; } .entries { list-style:none; padding:0 !important; } .entries > li { border-top:1px solid var(--line); padding:10px 0; }
  .meta { color:var(--muted); font-size:.9rem; margin:.125rem 0 0; } .counted { margin:.125rem 0 0; font-size:.9rem; }
  .flash { background:#e7f4ee; border:1px solid var(--accent); border-radius:6px; padding:8px 12px; margin:0 0 16px; }
  .choice { display:flex; gap:10px; align-items:center; margin:.375rem 0; } .choice input { width:24px; height:24px; margin:0; flex:none; } .choice label { font-weight:400; margin:0; } .ended { color:var(--muted); }
  .card.tight > h2:first-child { margin-top:0; } textarea.copy { display:block; width:100%; font:inherit; padding:10px; border:1px solid #9aa3b2; border-radius:6px; resize:none; word-break:break-all; margin:0 0 .5rem; }
  .visually-hidden { position:absolute !important; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
  footer { max-width:720px; margin:0 auto; padding:16px; color:var(--muted); font-size:.85rem; }
</style>
</head>
<body>
<header><a href="/">Recert</a></header>
<main id="main">
${main}
</main>
<footer>Recert reminds you which course to complete before your certification expires. Always check your certifying body's handbook. <a href="/privacy">Your data and privacy</a></footer>
${script ? `<script>${script}</script>` : ''}
</body>
</html>`;
}

/** A simple page with a heading and a message, used for confirmations and errors. */
export function messagePage(title: string, message: string, extra = ''): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${extra}`);
}
