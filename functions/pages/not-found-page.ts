import { layout } from './layout.js';

/** What a browser shows for a link that leads nowhere: where to go instead, in the pages' own shell. */
export function renderNotFoundPage(): string {
  return layout(
    'Page not found',
    `<h1>Page not found</h1>
<p>There is no page at this address. If you typed it, check the spelling; if you followed a link, it may be cut short.</p>
<ul>
<li><a href="/">Sign up for reminders</a></li>
<li><a href="/status-link">Get a fresh link to your status page</a></li>
</ul>`,
  );
}
