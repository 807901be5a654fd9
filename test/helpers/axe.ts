import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 level A and AA, as axe-core tags them. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on what `page` shows and returns one line per WCAG 2.2 AA violation ("rule: target — help"), so a
 * failing assertion says what to fix. The page's markup is checked in a scratch page with JavaScript on: the pages
 * under test are often opened with JavaScript off (as a trainer without it would), and their CSP allows no foreign
 * script either way.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error('accessibilityViolations needs a page of a launched browser');
  const scratch = await browser.newPage({ viewport: page.viewportSize() ?? { width: 1280, height: 900 } });
  try {
    await scratch.setContent(await page.content());
    await scratch.evaluate(AXE_SOURCE);
    // A string expression: this project compiles without the DOM library, and the code runs in the page anyway.
    const results = (await scratch.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_22_AA)} } })`,
    )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${violation.help}`),
    );
  } finally {
    await scratch.close();
  }
}
