// Jitsi talks back: with the server's hooks set through the command line, the invitation carries
// the way in by phone (read by ical.js), and join events posted as jitsi-contrib's event_sync
// posts them make the meeting page say who is in the room — live, without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { inBothLanguages, local, newContext, setUp, signInWithProvider, tearDown } from './browser.mjs';
import { waitForMail, to } from './mail.mjs';

const EVENTS_TOKEN = 'e2e-events-token-0123456789-0123456789-abcdef';
const MUC = 'conference.meet.jitsi.test';
let services;

before(async () => {
  services = await setUp();
  const dir = mkdtempSync(join(tmpdir(), 'treffpunkt-hooks-'));
  const numbers = join(dir, 'numbers.json');
  writeFileSync(numbers, JSON.stringify([
    { countryCode: 'DE', formattedNumber: '+49 721 555 0100', tollFree: false, default: true },
  ]));
  const said = services.command(
    ['server', 'update', 'meet.jitsi.test', '--muc-domain', MUC,
      '--dial-in-numbers-file', numbers, '--events-token-file', '-'],
    EVENTS_TOKEN,
  );
  assert.match(said, /conference\.meet\.jitsi\.test, 1 number/);
});

after(tearDown);

/** Posts an event as the component does. */
async function post(path, body) {
  const answer = await fetch(`${services.base}/jitsi/events/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${EVENTS_TOKEN}` },
    body: JSON.stringify(body),
  });
  assert.equal(answer.status, 200, `${path}: ${await answer.text()}`);
}

function joined(room, jid, name) {
  return post('occupant/joined', {
    event_name: 'muc-occupant-joined', is_breakout: false, room_name: room, room_jid: `${room}@${MUC}`,
    active_occupants_count: 1,
    occupant: { occupant_jid: jid, joined_at: Math.floor(Date.now() / 1000), name },
  });
}

test('the meeting page says who is in the room, and keeps saying it as people come', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signInWithProvider(page, 'dora');
  // A meeting starting in a few minutes: its room is open.
  const start = local(new Date(Date.now() + 6 * 60 * 1000));
  const end = local(new Date(Date.now() + 66 * 60 * 1000));
  await page.goto(`${services.base}/meetings/new`);
  await page.fill('#title', 'Bürgersprechstunde am Telefon');
  await page.fill('#date', start.date);
  await page.fill('#start_time', start.time);
  await page.fill('#end_date', end.date);
  await page.fill('#end_time', end.time);
  await page.fill('#invitees', 'eva@stadt-e.test');
  await page.click('form[action="/meetings"] button[type=submit]');
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const room = (await page.textContent('.facts code')).trim();
  assert.match(await page.textContent('main'), /\+49 721 555 0100/);

  // The invitation: the number, the PIN and the one-tap link, in the text and the calendar.
  const all = await waitForMail(services.mailApi, 'the invitation',
    (m) => to(m, 'eva@stadt-e.test').length >= 1);
  const invitation = to(all, 'eva@stadt-e.test')[0];
  const pin = /PIN (\d{3} \d{3} \d{3})#/.exec(invitation.text)?.[1];
  assert.ok(pin, invitation.text);
  const digits = pin.replaceAll(' ', '');
  assert.ok(invitation.text.includes(`tel:+497215550100,,${digits}#`), invitation.text);
  assert.ok(invitation.calendar.description.includes(`PIN ${pin}#`), invitation.calendar.description);

  // Two people come into the room.
  await joined(room, 'a1@meet.jitsi.test/one', 'Eva');
  await joined(room, 'b2@meet.jitsi.test/two', 'Bürger am Telefon');
  await page.reload();
  assert.match(await page.textContent('[data-presence-id]'), /2/);
  await inBothLanguages(page, 'meeting-running');
  assert.equal((await page.textContent('[data-presence-id]')).trim(), 'Running now · 2 people');

  // A third comes while the page is open: it notices by itself.
  await joined(room, 'c3@meet.jitsi.test/three', 'Frank');
  await page.waitForFunction(
    () => document.querySelector('[data-presence-id]')?.textContent.includes('3 people'),
    null,
    { timeout: 30000 },
  );
  await context.close();
});
