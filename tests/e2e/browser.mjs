// What every browser test shares: one headless Chromium, fresh profiles, the accessibility
// check (axe-core), screenshots at desktop and phone width, both languages, the provider's
// sign-in. Each test file starts its own services and browser with `setUp`/`tearDown`.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { startServices, root } from './services.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = join(root, 'target', 'e2e');
export const ZONE = 'Europe/Berlin';

/** A fresh browser profile: no cookies. CSP is bypassed only so axe can be injected. */
export async function newContext(locale = 'de-DE') {
  return browser.newContext({ locale, timezoneId: ZONE, bypassCSP: true, viewport: { width: 1280, height: 900 } });
}

/** `yyyy-mm-dd` and `hh:mm` of an instant in the staff member's zone. */
export function local(instant) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Signs in through the OpenID provider's login and consent pages. */
export async function signInWithProvider(page, name) {
  await page.goto(`${services.base}/sign-in`);
  await page.click('form[action="/sign-in/oidc"] button[type=submit]');
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', name);
  await page.fill('input[name="password"]', 'anything');
  await page.click('button[type=submit]');
  // First sign-in: the provider asks for consent.
  await page.waitForURL((url) => url.href.startsWith(services.base) || url.pathname.includes('/interaction/'));
  if (!page.url().startsWith(services.base)) {
    await page.click('button[type=submit]');
  }
  await page.waitForURL(`${services.base}/`);
}

/** No serious or critical axe violation (WCAG 2.1 A/AA and best practices). */
export async function assertAccessible(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe on ${name}`,
  );
}

/** Screenshots at desktop and phone width; on the phone nothing scrolls sideways. */
export async function photograph(page, name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    if (width === 390) {
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} scrolls sideways on a phone by ${overflow}px`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Checks and photographs the page in both languages (switching with the page's own control). */
export async function inBothLanguages(page, name) {
  for (const lang of ['de', 'en']) {
    const current = await page.getAttribute('html', 'lang');
    if (current !== lang) {
      const form = page.locator('form[action="/language"] button');
      if (await form.count()) {
        await form.first().click();
        await page.waitForLoadState('load');
      } else {
        const url = new URL(page.url());
        url.searchParams.set('lang', lang);
        await page.goto(url.href);
      }
      assert.equal(await page.getAttribute('html', 'lang'), lang, `${name} switched to ${lang}`);
    }
    await assertAccessible(page, `${name} (${lang})`);
    await photograph(page, `${name}-${lang}`);
  }
}

/** The running services (`base`, `mailApi`) and browser of this test file. */
export let services;
let browser;

/** Starts the services and the browser (call in `before`). */
export async function setUp() {
  mkdirSync(SHOTS, { recursive: true });
  services = await startServices();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return services;
}

/** Stops them (call in `after`). */
export async function tearDown() {
  await browser?.close();
  await services?.stop();
}

/** Presses Tab on `page` until the element matching `selector` has the focus. */
export async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
  throw new Error(`Tab never reached ${selector}; the focus is on ${at}`);
}
