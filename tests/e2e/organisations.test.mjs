// Two cities in one installation, in a real browser: each organisation's administrator sets its
// branding on the administration pages (colour, logo upload, legal pages, mail footer); each
// city's people see their own on every page, an invitee sees the organizer's on the join page
// and in the mail. The branding and dashboard pages are checked with axe in both languages
// and photographed for both cities (target/e2e/*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { inBothLanguages, local, newContext, setUp, signInWithProvider, tearDown } from './browser.mjs';
import { waitForMail, to } from './mail.mjs';

let services;
const dir = mkdtempSync(join(tmpdir(), 'treffpunkt-branding-'));
const LOGO_A = join(dir, 'stadt-a.svg');
const LOGO_B = join(dir, 'stadt-b.svg');
writeFileSync(LOGO_A, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 32"><rect width="120" height="32" rx="4" fill="#0b5cad"/><text x="60" y="22" font-size="16" text-anchor="middle" fill="#fff">Stadt A</text></svg>');
writeFileSync(LOGO_B, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 32"><rect width="120" height="32" rx="4" fill="#2e6b30"/><text x="60" y="22" font-size="16" text-anchor="middle" fill="#fff">Stadt B</text></svg>');
const PASSWORD = 'correct horse battery staple';

before(async () => {
  services = await setUp();
  services.command(['org', 'add', '--name', 'Stadt A', '--slug', 'stadt-a', '--domain', 'city-a.test']);
  services.command(['org', 'add', '--name', 'Stadt B', '--slug', 'stadt-b', '--domain', 'stadt-b.test']);
  services.command(['user', 'add', '--email', 'berta@stadt-b.test', '--name', 'Berta Beispiel',
    '--org', 'stadt-b', '--password-stdin', '--language', 'de'], `${PASSWORD}\n`);
  services.command(['org', 'admin', 'add', '--org', 'stadt-b', '--email', 'berta@stadt-b.test']);
});

after(tearDown);

/** Fills in and saves the branding page of the signed-in organisation administrator. */
async function brand(page, { colour, logo, site, footer }) {
  await page.goto(`${services.base}/admin/users`);
  await page.click('a[href^="/admin/branding?"]');
  await page.setInputFiles('#logo', logo);
  await page.click('form[action^="/admin/branding/logo?"] button[type=submit]');
  await page.waitForSelector('.notice');
  await page.fill('#accent_colour', colour);
  await page.fill('#imprint_url', `${site}/impressum`);
  await page.fill('#privacy_url', `${site}/datenschutz`);
  await page.fill('#accessibility_url', `${site}/barrierefreiheit`);
  await page.fill('#mail_footer_de', footer);
  await page.fill('#mail_footer_en', footer);
  await page.check('#data_stays_claim');
  await page.click('form[action^="/admin/branding?"] button[type=submit]');
  await page.waitForSelector('.notice');
}

/** The background colour of the page's first primary button, as the browser draws it. */
function buttonColour(page) {
  return page.evaluate(() => getComputedStyle(document.querySelector('.button:not(.button--secondary)')).backgroundColor);
}

test('each city wears its own branding, and an invitee sees the organizer\'s', async () => {
  // Stadt A: Anna signs in through the provider and is made its administrator.
  const a = await newContext();
  const anna = await a.newPage();
  await signInWithProvider(anna, 'anna');
  services.command(['org', 'admin', 'add', '--org', 'stadt-a', '--email', 'anna@city-a.test']);
  // A colour white text cannot be read on is refused with the reason.
  await anna.goto(`${services.base}/admin/users`);
  await anna.click('a[href^="/admin/branding?"]');
  await anna.fill('#accent_colour', '#ffd700');
  await anna.click('form[action^="/admin/branding?"] button[type=submit]');
  assert.match(await anna.textContent('#accent_colour-error'), /contrast|Kontrast/);
  await brand(anna, { colour: '#0b5cad', logo: LOGO_A, site: 'https://stadt-a.example', footer: 'Stadt A · Amt für Digitales' });
  await inBothLanguages(anna, 'branding-stadt-a');

  // Stadt B: Berta signs in with her password.
  const b = await newContext();
  const berta = await b.newPage();
  await berta.goto(`${services.base}/sign-in`);
  await berta.fill('#email', 'berta@stadt-b.test');
  await berta.fill('#password', PASSWORD);
  await berta.click('form[action="/sign-in"] button[type=submit]');
  await berta.waitForURL(`${services.base}/`);
  await brand(berta, { colour: '#2e6b30', logo: LOGO_B, site: 'https://stadt-b.example', footer: 'Stadt B · Bürgerbüro' });

  // Each dashboard wears its own city: logo, colour, legal links, the claim.
  await anna.goto(`${services.base}/`);
  await berta.goto(`${services.base}/`);
  assert.equal(await buttonColour(anna), 'rgb(11, 92, 173)');
  assert.equal(await buttonColour(berta), 'rgb(46, 107, 48)');
  assert.equal(await anna.getAttribute('.site-footer a[href$="/impressum"]', 'href'), 'https://stadt-a.example/impressum');
  assert.equal(await berta.getAttribute('.site-footer a[href$="/impressum"]', 'href'), 'https://stadt-b.example/impressum');
  assert.match(await anna.textContent('.site-footer'), /Stadt A/);
  const logoA = await anna.getAttribute('img.brand__logo', 'src');
  const logoB = await berta.getAttribute('img.brand__logo', 'src');
  assert.notEqual(logoA, logoB);
  await inBothLanguages(anna, 'dashboard-stadt-a');
  await inBothLanguages(berta, 'dashboard-stadt-b');

  // Berta (Stadt B) plans a meeting and invites someone from Stadt A's domain.
  const start = local(new Date(Date.now() + 6 * 60 * 1000));
  const end = local(new Date(Date.now() + 66 * 60 * 1000));
  await berta.goto(`${services.base}/meetings/new`);
  await berta.fill('#title', 'Bürgersprechstunde Stadt B');
  await berta.fill('#date', start.date);
  await berta.fill('#start_time', start.time);
  await berta.fill('#end_date', end.date);
  await berta.fill('#end_time', end.time);
  await berta.fill('#invitees', 'gast@example.org');
  await berta.click('form[action="/meetings"] button[type=submit]');
  await berta.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);

  // The invitation carries Stadt B's footer and legal links.
  const all = await waitForMail(services.mailApi, 'the invitation', (m) => to(m, 'gast@example.org').length >= 1);
  const invitation = to(all, 'gast@example.org')[0];
  assert.match(invitation.text, /Stadt B · Bürgerbüro/);
  assert.match(invitation.text, /https:\/\/stadt-b\.example\/impressum/);
  const link = /https?:\/\/\S+\/j\/[A-Za-z0-9_-]+/.exec(invitation.text)?.[0];
  assert.ok(link, invitation.text);

  // The join page, opened by anyone, wears Stadt B's look.
  const guest = await newContext();
  const page = await guest.newPage();
  await page.goto(link);
  assert.equal(await page.getAttribute('img.brand__logo', 'src'), logoB);
  assert.equal(await buttonColour(page), 'rgb(46, 107, 48)');
  await inBothLanguages(page, 'join-stadt-b');
  await Promise.all([a.close(), b.close(), guest.close()]);
});
