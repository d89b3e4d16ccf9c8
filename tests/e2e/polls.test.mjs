// A date poll in a real browser: a staff member proposes three times in the form, the invitee
// opens the link from the mail at maildev and answers with the keyboard alone, the organizer
// sees the answers and closes the poll, and the invitation's calendar (read by ical.js) holds the
// chosen time. The answer page is checked with axe in both languages and photographed at
// 1280 and 390 px (nothing scrolls sideways on the phone). Run with `npm test --prefix tests/e2e`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  inBothLanguages, local, newContext, setUp, signInWithProvider, tabTo, tearDown,
} from './browser.mjs';
import { to, waitForMail } from './mail.mjs';

let services;

before(async () => {
  services = await setUp();
});

after(tearDown);

test('an invitee answers a date poll from the mail with the keyboard alone', async () => {
  const organizerContext = await newContext();
  const organizer = await organizerContext.newPage();
  await signInWithProvider(organizer, 'paula');
  await organizer.goto(`${services.base}/polls/new`);
  await organizer.fill('#title', 'Digitalrat: Frühjahrssitzung');
  const days = [4, 5, 6].map((n) => local(new Date(Date.now() + n * 24 * 3600 * 1000)).date);
  for (const [i, day] of days.entries()) {
    await organizer.fill(`#date-${i}`, day);
    await organizer.fill(`#start-${i}`, '10:00');
  }
  await organizer.fill('#invitees', 'Quentin Quast <quentin@stadt-q.test>');
  await organizer.click('form[action="/polls"] button[value=create]:not([aria-hidden])');
  await organizer.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
  const pollUrl = organizer.url();
  await inBothLanguages(organizer, 'poll-new-results');

  const all = await waitForMail(services.mailApi, 'the poll invitation',
    (messages) => to(messages, 'quentin@stadt-q.test').length > 0);
  const [mail] = to(all, 'quentin@stadt-q.test');
  const link = /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  assert.ok(link, `a poll link in the mail: ${mail.text}`);

  const context = await newContext();
  const page = await context.newPage();
  await page.goto(link);
  await inBothLanguages(page, 'poll-answer');

  // Keyboard alone: Tab into each row's group of radio buttons (the first, "yes", takes the
  // focus), arrow keys move the choice, Tab goes on to the next row, Enter on the button saves.
  const wanted = ['yes', 'maybe', 'no'];
  const groups = await page.$$eval('#poll-grid tbody tr', (rows) => rows.length);
  assert.equal(groups, 3);
  await page.goto(link);
  for (const [row, choice] of wanted.entries()) {
    await tabTo(page, `#poll-grid tbody tr:nth-child(${row + 1}) input[value=yes]`);
    const moves = wanted.indexOf(choice);
    if (moves === 0) await page.keyboard.press('Space');
    for (let i = 0; i < moves; i++) await page.keyboard.press('ArrowRight');
  }
  await tabTo(page, 'main form[method=post] button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#saved');
  const checked = await page.$$eval('#poll-grid input:checked', (inputs) => inputs.map((i) => i.value));
  assert.deepEqual(checked, wanted, 'the saved answers come back checked');

  // Screen readers name each choice by its time and its column.
  const label = await page.$eval('#poll-grid tbody tr:first-child input[value=maybe]',
    (input) => input.getAttribute('aria-labelledby').split(' ')
      .map((id) => document.getElementById(id).textContent.trim()).join(' '));
  assert.match(label, /10:00–11:00 \(CES?T\) (If need be|Notfalls)$/);
  await context.close();

  await organizer.goto(pollUrl);
  const counts = await organizer.$$eval('#poll-counts tbody tr',
    (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim()).join('/')));
  assert.deepEqual(counts, ['1/0/0', '0/1/0', '0/0/1']);
  assert.match(await organizer.textContent('#poll-people'), /Quentin Quast/);

  // Closing with the best time (preselected) plans the meeting; Quentin's calendar, read by
  // ical.js, puts it at that time, and he is told the outcome.
  await organizer.click('form[action$="/close"] button.button:not(.button--secondary)');
  await organizer.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const after = await waitForMail(services.mailApi, 'the invitation and the outcome',
    (messages) => to(messages, 'quentin@stadt-q.test').length >= 3);
  const invitation = to(after, 'quentin@stadt-q.test').find((m) => m.calendar?.method === 'REQUEST');
  assert.ok(invitation, 'an invitation with a calendar');
  assert.deepEqual(local(invitation.calendar.start), { date: days[0], time: '10:00' });
  assert.ok(to(after, 'quentin@stadt-q.test').some((m) => /Termin gefunden|Date found/.test(m.subject)),
    'the outcome mail');
  await organizerContext.close();
});
