import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bundledChromium from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Debian, Ubuntu and most distributions put a system Chromium. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** `CHROMIUM_PATH=bundled` skips any system Chromium: CI proves the suite runs on a machine without one. */
export const BUNDLED = 'bundled';

/**
 * The Chromium the browser suite drives: `CHROMIUM_PATH` if set, else a system Chromium if there is one, else the
 * headless Chromium shipped inside the `@sparticuz/chromium` npm package (unpacked to the temp folder on first use),
 * so `npm install && npm test` needs nothing from the system's package manager.
 */
export async function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const chosen = env.CHROMIUM_PATH;
  if (chosen && chosen !== BUNDLED) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, and there is no file there`);
    return chosen;
  }
  const system = chosen === BUNDLED ? undefined : SYSTEM_CHROMIUM.find((path) => existsSync(path));
  return system ?? (await bundledChromium.executablePath());
}

/** Headless, sandbox off (containers and CI run as root), nothing fetched in the background. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The two sizes every page is tried and photographed at: a phone and a desktop. */
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

export interface Screenshots {
  /** `<name>-phone.png` and `<name>-desktop.png` of the whole page; the page keeps the size it had. */
  take(page: Page, name: string): Promise<void>;
  /** The same, of one element only (`selector`): a section of a long page. */
  takeElement(page: Page, selector: string, name: string): Promise<void>;
  /** Removes the scratch folder (nothing is removed from docs/screenshots). */
  cleanup(): void;
}

/**
 * Screenshots are taken on every run; they replace the copies in docs/screenshots only with UPDATE_SCREENSHOTS=1
 * (`npm run screenshots`), so a plain `npm test` leaves the working tree clean.
 */
export function screenshots(): Screenshots {
  const update = Boolean(process.env.UPDATE_SCREENSHOTS);
  const folder = update
    ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots')
    : mkdtempSync(join(tmpdir(), 'recert-screenshots-'));
  return {
    async take(page, name) {
      const original = page.viewportSize();
      for (const [label, viewport] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: join(folder, `${name}-${label}.png`), fullPage: true });
      }
      if (original) await page.setViewportSize(original);
    },
    async takeElement(page, selector, name) {
      const original = page.viewportSize();
      for (const [label, viewport] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        await page.locator(selector).screenshot({ path: join(folder, `${name}-${label}.png`) });
      }
      if (original) await page.setViewportSize(original);
    },
    cleanup() {
      if (!update) rmSync(folder, { recursive: true, force: true });
    },
  };
}
