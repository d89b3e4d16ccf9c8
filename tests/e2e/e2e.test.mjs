// The whole path a user walks, in a real browser (Debian chromium driven by playwright-core):
// sign in through the OpenID provider, plan, invitations arrive at a real SMTP server, invitees
// join through their personal links (the jump into Jitsi intercepted and its token checked),
// the meeting moves and is cancelled, a colleague cannot see it. Along the way every page is
// checked with axe-core in German and English and photographed at desktop and phone width
// (target/e2e/*.png). Run: `npm ci --prefix tests/e2e && npm test --prefix tests/e2e`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import {
  ZONE, assertAccessible, inBothLanguages, local, newContext, photograph, setUp, signInWithProvider,
  tabTo, tearDown,
} from './browser.mjs';
import { JITSI_URL, JITSI_APP_ID, JITSI_SECRET } from './services.mjs';
import { waitForMail, to } from './mail.mjs';

let services;
const state = {};

before(async () => {
  services = await setUp();
});

after(tearDown);

/** Decodes and verifies an HS256 room token with leeway 0. */
function verifyRoomToken(token) {
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', JITSI_SECRET).update(`${header}.${payload}`).digest('base64url');
  assert.equal(signature, expected, 'the token is signed with the server secret');
  assert.equal(JSON.parse(Buffer.from(header, 'base64url')).alg, 'HS256');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  assert.ok(claims.nbf <= now && now < claims.exp, `valid now: ${JSON.stringify(claims)}`);
  assert.equal(claims.iss, JITSI_APP_ID);
  assert.equal(claims.aud, 'jitsi');
  return claims;
}

/** Opens a join link in a fresh context, joins as `name`, answers the room URL and token claims. */
async function joinThrough(link, name) {
  const context = await newContext();
  const page = await context.newPage();
  let roomUrl;
  await page.route(`${JITSI_URL}/**`, (route) => {
    roomUrl = route.request().url();
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Jitsi</title>' });
  });
  await page.goto(link);
  await page.fill('#name', name);
  await page.click('main form button[type=submit]');
  await page.waitForURL(`${JITSI_URL}/**`);
  await context.close();
  const url = new URL(roomUrl);
  return { room: url.pathname.slice(1), claims: verifyRoomToken(url.searchParams.get('jwt')) };
}

test('the sign-in page is accessible and looks finished', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${services.base}/sign-in`);
  await inBothLanguages(page, 'sign-in');
  await context.close();
});

test('a staff member signs in through the provider and plans a meeting for tomorrow', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signInWithProvider(page, 'anna');
  state.anna = context;

  await page.goto(`${services.base}/meetings/new`);
  await inBothLanguages(page, 'meeting-form');
  const tomorrow = local(new Date(Date.now() + 24 * 3600 * 1000)).date;
  await page.fill('#title', 'Haushalt 2027, Teil "B"; Straßen');
  await page.fill('#date', tomorrow);
  await page.fill('#start_time', '09:00');
  await page.fill('#end_time', '10:00');
  await page.fill('#description', 'Tagesordnung:\n1. Zahlen\n2. Fragen');
  await page.fill('#invitees', 'Bob Beispiel <bob@stadt-b.test>');
  await page.click('form[action="/meetings"] button[type=submit]');
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  state.meetingUrl = page.url();
  state.meetingId = page.url().split('/').pop();

  // The second invitee, as a moderator, from the meeting page.
  await page.fill('#invite #invitees', 'carla@stadt-c.test');
  await page.selectOption('#invite #invitee_role', 'moderator');
  await page.click('#invite button[type=submit]');
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}/);
  const text = await page.textContent('main');
  assert.match(text, /bob@stadt-b\.test/);
  assert.match(text, /carla@stadt-c\.test/);
  await page.goto(state.meetingUrl);
  await inBothLanguages(page, 'meeting');

  // The dashboard shows it tomorrow at 09:00 in the staff member's zone.
  await page.goto(`${services.base}/`);
  const dashboard = await page.textContent('main');
  assert.match(dashboard, /Haushalt 2027/);
  assert.match(dashboard, /09:00–10:00/);
  await inBothLanguages(page, 'dashboard');
});

test('both invitations arrive with one UID and each invitee\'s own link', async () => {
  const all = await waitForMail(services.mailApi, 'two invitations',
    (m) => to(m, 'bob@stadt-b.test').length >= 1 && to(m, 'carla@stadt-c.test').length >= 1);
  const bob = to(all, 'bob@stadt-b.test')[0];
  const carla = to(all, 'carla@stadt-c.test')[0];
  for (const message of [bob, carla]) {
    assert.equal(message.calendar.method, 'REQUEST');
    assert.equal(message.methodParameter, 'REQUEST', 'method= equals METHOD');
    assert.match(message.calendar.url, new RegExp(`^${services.base}/j/`));
    assert.ok(message.text.includes(message.calendar.url), 'the link is in the text too');
    assert.deepEqual(message.calendar.attendees, message.to, 'only the receiver is listed');
  }
  // Carla was added later: her first SEQUENCE is above any sent before (a re-invitation after a
  // removal must outrank the CANCEL); Bob's entry did not move.
  assert.equal(bob.calendar.sequence, 0);
  assert.equal(carla.calendar.sequence, 1);
  assert.equal(bob.calendar.uid, carla.calendar.uid);
  assert.equal(bob.calendar.uid, `${state.meetingId}@127.0.0.1`);
  assert.notEqual(bob.calendar.url, carla.calendar.url, 'personal links');
  state.uid = bob.calendar.uid;
  state.carlaLink = carla.calendar.url;
  state.bobLink = bob.calendar.url;
  state.bobText = bob.text;
});

test('invitees join through their links; the room token carries their role', async () => {
  // Carla is a moderator: she may open the room before the join window.
  const carla = await joinThrough(state.carlaLink, 'Carla Chefin');
  assert.equal(carla.claims.room, carla.room);
  assert.equal(carla.claims.context.user.moderator, true);
  assert.equal(carla.claims.context.user.affiliation, 'owner');

  // Bob is a participant: tomorrow's room is not open yet, the page says so.
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(state.bobLink);
  await inBothLanguages(page, 'join-waiting');
  await context.close();

  // A meeting starting now, planned the same way: Bob joins as a participant.
  const page2 = await state.anna.newPage();
  const soon = new Date(Date.now() + 2 * 60 * 1000);
  const start = local(soon);
  const end = local(new Date(soon.getTime() + 30 * 60 * 1000));
  await page2.goto(`${services.base}/meetings/new`);
  await page2.fill('#title', 'Sofortbesprechung');
  await page2.fill('#date', start.date);
  await page2.fill('#start_time', start.time);
  await page2.fill('#end_time', end.date === start.date ? end.time : '23:59');
  await page2.fill('#invitees', 'bob@stadt-b.test');
  await page2.click('form[action="/meetings"] button[type=submit]');
  await page2.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const nowId = page2.url().split('/').pop();
  await page2.close();
  const all = await waitForMail(services.mailApi, 'the invitation to the meeting now',
    (m) => to(m, 'bob@stadt-b.test').some((x) => x.calendar?.uid === `${nowId}@127.0.0.1`));
  const link = to(all, 'bob@stadt-b.test').find((x) => x.calendar.uid === `${nowId}@127.0.0.1`).calendar.url;

  const joinContext = await newContext('en-US');
  const joinPage = await joinContext.newPage();
  await joinPage.goto(link);
  await inBothLanguages(joinPage, 'join');
  await joinContext.close();
  const bob = await joinThrough(link, 'Bob Beispiel');
  assert.equal(bob.claims.room, bob.room);
  assert.equal(bob.claims.context.user.name, 'Bob Beispiel');
  assert.ok(!bob.claims.context.user.moderator, 'no moderator claim for a participant');
  assert.ok(!('moderator' in bob.claims), 'no top-level moderator claim either');
});

test('an invitee answers from the invitation; the organizer sees the answer and the count', async () => {
  // The invitation offers the three answers; following one only shows the choice.
  const accept = /https?:\/\/\S+\/reply\?answer=accepted\S*/.exec(state.bobText)?.[0];
  assert.ok(accept, `an answer link in the invitation: ${state.bobText}`);
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(accept);
  assert.equal(await page.isChecked('input[name="answer"][value="accepted"]'), true, 'preselected');
  await inBothLanguages(page, 'reply');
  await page.goto(accept);
  await page.fill('#comment', 'Ich bringe die Zahlen mit.');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('#recorded');
  await context.close();

  const organizer = await state.anna.newPage();
  await organizer.goto(`${services.base}/meetings/${state.meetingId}`);
  const tally = await organizer.textContent('#tally');
  assert.match(tally, /1 (zugesagt|accepted), 0 (vielleicht|maybe), 0 (abgesagt|declined), 1 (offen|open)/);
  assert.ok((await organizer.content()).includes('Ich bringe die Zahlen mit.'), 'the comment is shown');
  await inBothLanguages(organizer, 'meeting-answers');
  await organizer.close();
});

test('with the lobby on, a participant waits until the organizer lets them in; a declined one is told', async () => {
  const page = await state.anna.newPage();
  const soon = new Date(Date.now() + 2 * 60 * 1000);
  const start = local(soon);
  const end = local(new Date(soon.getTime() + 30 * 60 * 1000));
  await page.goto(`${services.base}/meetings/new`);
  await page.fill('#title', 'Bürgersprechstunde');
  await page.fill('#date', start.date);
  await page.fill('#start_time', start.time);
  await page.fill('#end_time', end.date === start.date ? end.time : '23:59');
  await page.fill('#invitees', 'emil@stadt-e.test, dora@stadt-d.test');
  await page.check('#lobby');
  await page.click('form[action="/meetings"] button[type=submit]');
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  const uid = `${id}@127.0.0.1`;
  const all = await waitForMail(services.mailApi, 'the invitations to the meeting with a lobby',
    (m) => ['emil@stadt-e.test', 'dora@stadt-d.test'].every((a) => to(m, a).some((x) => x.calendar?.uid === uid)));
  const linkOf = (address) => to(all, address).find((x) => x.calendar.uid === uid).calendar.url;

  // Emil presses Join and waits; nothing leads to Jitsi yet.
  const emilContext = await newContext();
  const emil = await emilContext.newPage();
  await emil.route(`${JITSI_URL}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Jitsi</title>' }));
  await emil.goto(linkOf('emil@stadt-e.test'));
  await emil.fill('#name', 'Emil Einwohner');
  await emil.click('main form button[type=submit]');
  await emil.waitForURL(/\/wait$/);
  await emil.waitForSelector('[data-lobby-wait]');
  await assertAccessible(emil, 'waiting room (participant)');
  await photograph(emil, 'lobby-participant');

  // The organizer, in a second browser, sees him on the compact page and lets him in.
  const lobby = await state.anna.newPage();
  await lobby.goto(`${services.base}/meetings/${id}/lobby`);
  await lobby.waitForSelector('text=Emil Einwohner');
  await inBothLanguages(lobby, 'lobby');
  // The request into Jitsi is what counts (a redirect after a script's navigation is not always
  // routed to the stub, so the page itself may not load).
  const entering = emil.waitForRequest((request) => request.url().startsWith(JITSI_URL), { timeout: 10000 });
  await lobby.click('li:has-text("Emil Einwohner") form[action$="/lobby/admit"] button');
  const url = new URL((await entering).url());
  const claims = verifyRoomToken(url.searchParams.get('jwt'));
  assert.equal(claims.context.user.name, 'Emil Einwohner');
  assert.equal(claims.room, url.pathname.slice(1));
  await emilContext.close();

  // Dora waits too, and is declined: her page says so and leads nowhere.
  const doraContext = await newContext('en-US');
  const dora = await doraContext.newPage();
  await dora.goto(linkOf('dora@stadt-d.test'));
  await dora.fill('#name', 'Dora');
  await dora.click('main form button[type=submit]');
  await dora.waitForSelector('[data-lobby-wait]');
  await lobby.goto(`${services.base}/meetings/${id}/lobby`);
  await lobby.click('li:has-text("Dora") form[action$="/lobby/decline"] button');
  await dora.waitForSelector('text=did not let you into this meeting', { timeout: 10000 });
  assert.ok(!dora.url().startsWith(JITSI_URL));
  await doraContext.close();
  await lobby.close();
  await page.close();
});

test('moving the meeting sends updates, cancelling it sends cancellations and closes the links', async () => {
  const page = await state.anna.newPage();
  await page.goto(`${state.meetingUrl}/edit`);
  await page.fill('#start_time', '10:00');
  await page.fill('#end_time', '11:00');
  await page.click(`form[action="/meetings/${state.meetingId}"] button[type=submit]`);
  await page.waitForURL(state.meetingUrl);
  let all = await waitForMail(services.mailApi, 'updates',
    (m) => ['bob@stadt-b.test', 'carla@stadt-c.test'].every((a) =>
      to(m, a).some((x) => x.calendar?.uid === state.uid && x.calendar.sequence === 2)));
  const update = to(all, 'bob@stadt-b.test').find((x) => x.calendar?.uid === state.uid && x.calendar.sequence === 2);
  assert.equal(update.calendar.method, 'REQUEST');
  assert.equal(local(update.calendar.start).time, '10:00');

  await page.goto(`${state.meetingUrl}/cancel`);
  await page.click('button.button--danger');
  await page.waitForURL(state.meetingUrl);
  all = await waitForMail(services.mailApi, 'cancellations',
    (m) => ['bob@stadt-b.test', 'carla@stadt-c.test'].every((a) =>
      to(m, a).some((x) => x.calendar?.uid === state.uid && x.calendar.method === 'CANCEL')));
  const cancellation = to(all, 'bob@stadt-b.test').find((x) => x.calendar?.method === 'CANCEL');
  assert.equal(cancellation.calendar.status, 'CANCELLED');
  assert.ok(cancellation.calendar.sequence > update.calendar.sequence);
  await page.close();

  const context = await newContext();
  const invitee = await context.newPage();
  const response = await invitee.goto(state.bobLink);
  assert.equal(response.status(), 410);
  await context.close();
});

test('a weekly series is planned in the form; one date moves, another is cancelled, and calendars follow', async () => {
  const page = await state.anna.newPage();
  await page.goto(`${services.base}/meetings/new`);
  const first = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  const day = local(first).date;
  await page.fill('#title', 'Jour fixe Digitalisierung');
  await page.fill('#date', day);
  await page.fill('#end_date', day);
  await page.fill('#start_time', '09:00');
  await page.fill('#end_time', '10:00');
  await page.fill('#invitees', 'dora@stadt-d.test');
  await page.selectOption('#repeat', 'weekly');
  await page.check('#repeat_end_count');
  await page.fill('#repeat_count', '5');
  // Before saving: the rule in words and the dates.
  await page.click('button[name="preview"]');
  await page.waitForSelector('#series-preview');
  const preview = await page.textContent('#series-preview');
  assert.match(preview, /5 (Mal|times)/);
  assert.equal(await page.locator('#series-preview li').count(), 5);
  await assertAccessible(page, 'series-preview');
  await photograph(page, 'series-preview');
  await page.click('form[action="/meetings"] .actions button[type=submit]:not([name])');
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const seriesUrl = page.url();
  assert.equal(await page.locator('#dates .date-item').count(), 5);
  await inBothLanguages(page, 'series');

  // The second date cancelled, the third moved to 11:00.
  await page.goto(seriesUrl);
  await page.locator('#dates .date-item').nth(1).locator('button[type=submit]').click();
  await page.waitForURL(`${seriesUrl}#dates`);
  await page.locator('#dates .date-item').nth(2).locator('a').click();
  await page.waitForSelector('#start_time');
  await assertAccessible(page, 'date-form');
  await photograph(page, 'date-form');
  await page.fill('#start_time', '11:00');
  await page.fill('#end_time', '12:00');
  await page.click('main form .actions button[type=submit]');
  await page.waitForURL(`${seriesUrl}#dates`);
  const dates = await page.textContent('#dates');
  assert.match(dates, /11:00–12:00/);

  // The dashboard lists the dates as a series; the cancelled one shows as cancelled.
  await page.goto(`${services.base}/`);
  assert.ok((await page.locator('.meeting-item .badge', { hasText: /^(Serie|Series)$/ }).count()) >= 5);
  assert.ok((await page.locator('.meeting-item--cancelled', { hasText: 'Jour fixe Digitalisierung' }).count()) >= 1);
  await page.close();

  // Dora's calendar: the series (ical.js expands five Tuesdays-or-whatever at 09:00 local),
  // a CANCEL for one date and a REQUEST for the moved one, all with one UID.
  const all = await waitForMail(services.mailApi, 'the series mails',
    (m) => to(m, 'dora@stadt-d.test').length >= 3);
  const mails = to(all, 'dora@stadt-d.test');
  const invitation = mails.find((m) => m.calendar?.rrule);
  assert.equal(invitation.calendar.method, 'REQUEST');
  assert.deepEqual(invitation.calendar.zones, [ZONE]);
  assert.match(invitation.calendar.rrule, /FREQ=WEEKLY/);
  const starts = invitation.calendar.starts(10);
  assert.equal(starts.length, 5);
  assert.ok(starts.every((start) => local(start).time === '09:00'), `${starts}`);
  const cancel = mails.find((m) => m.calendar?.method === 'CANCEL');
  assert.equal(cancel.calendar.uid, invitation.calendar.uid);
  assert.equal(cancel.calendar.recurrenceId.getTime(), starts[1].getTime());
  const moved = mails.find((m) => m.calendar?.method === 'REQUEST' && m.calendar.recurrenceId);
  assert.equal(moved.calendar.recurrenceId.getTime(), starts[2].getTime());
  assert.equal(local(moved.calendar.start).time, '11:00');
});

test('a second staff member can neither see nor open the first one\'s meeting', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signInWithProvider(page, 'bernd');
  const dashboard = await page.textContent('main');
  assert.doesNotMatch(dashboard, /Haushalt 2027/);
  const response = await page.goto(state.meetingUrl);
  assert.equal(response.status(), 404);
  await context.close();
});

test('a meeting is planned with the keyboard alone', async () => {
  const page = await state.anna.newPage();
  await page.goto(`${services.base}/`);
  await tabTo(page, 'a[href="/meetings/new"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${services.base}/meetings/new`);
  const day = local(new Date(Date.now() + 3 * 24 * 3600 * 1000)).date;
  const [year, month, dayOfMonth] = day.split('-');
  await tabTo(page, '#title');
  await page.keyboard.type('Mit der Tastatur geplant');
  await tabTo(page, '#date');
  // Headless Chromium's date field takes month, day, year in that order, whatever the locale.
  await page.keyboard.type(`${month}${dayOfMonth}${year}`);
  assert.equal(await page.inputValue('#date'), day, 'the date field took the typed date');
  await tabTo(page, '#start_time');
  await page.keyboard.type('1400');
  await tabTo(page, '#end_time');
  await page.keyboard.type('1500');
  await tabTo(page, '#invitees');
  await page.keyboard.type('dora@stadt-d.test');
  await tabTo(page, 'form[action="/meetings"] button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname !== '/meetings/new');
  if (!/\/meetings\/[0-9a-f-]{36}$/.test(page.url())) {
    const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')]
      .map((e) => `${e.name}=${e.value}`).join(' '));
    assert.fail(`the form was refused: ${await page.textContent('main')} — ${values}`);
  }
  const text = await page.textContent('main');
  assert.match(text, /Mit der Tastatur geplant/);
  assert.match(text, /14:00–15:00/);
  assert.match(text, /dora@stadt-d\.test/);
  await page.close();
});
