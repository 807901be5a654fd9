import { existsSync } from 'node:fs';
import bundledChromium from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

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
