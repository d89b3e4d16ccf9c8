// Reading what arrived at maildev: raw messages parsed by mailparser, their calendar parts by
// Mozilla's ical.js — parsers written by others than us.
import { simpleParser } from 'mailparser';
import ICAL from 'ical.js';

/** Every message maildev holds, parsed: { to, subject, text, method, calendar: {uid, sequence, …} }. */
export async function messages(mailApi) {
  const list = await (await fetch(`${mailApi}/api/email`)).json();
  return Promise.all(list.map(async (summary) => {
    const source = await (await fetch(`${mailApi}/api/email/${summary.id}/source`)).text();
    const parsed = await simpleParser(source);
    const part = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    const calendar = part ? readCalendar(part.content.toString('utf8')) : null;
    return {
      to: parsed.to.value.map((a) => a.address),
      subject: parsed.subject,
      text: parsed.text ?? '',
      messageId: parsed.messageId,
      // The MIME type's method= parameter, as clients read it.
      methodParameter: part?.contentType === 'text/calendar'
        ? /method=([A-Z]+)/i.exec(source.match(/Content-Type: text\/calendar[^\n]*(\n[ \t][^\n]*)*/i)?.[0] ?? '')?.[1]
        : undefined,
      calendar,
    };
  }));
}

function readCalendar(text) {
  const component = new ICAL.Component(ICAL.parse(text));
  // Times with a TZID resolve through the calendar's own VTIMEZONE, as a client's would.
  const zones = component.getAllSubcomponents('vtimezone');
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const event = component.getFirstSubcomponent('vevent');
  return {
    zones: zones.map((z) => z.getFirstPropertyValue('tzid')),
    rrule: event.getFirstPropertyValue('rrule')?.toString(),
    recurrenceId: event.getFirstPropertyValue('recurrence-id')?.toJSDate(),
    /** The series' first `count` starts as ical.js expands it (RRULE, EXDATE, overrides). */
    starts: (count) => expand(component, count),
    method: component.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    url: event.getFirstPropertyValue('url'),
    description: event.getFirstPropertyValue('description'),
    start: event.getFirstPropertyValue('dtstart').toJSDate(),
    attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, '')),
  };
}

function expand(component, count) {
  const events = component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const master = events.find((e) => !e.isRecurrenceException());
  for (const exception of events.filter((e) => e.isRecurrenceException())) {
    master.relateException(exception);
  }
  const iterator = master.iterator();
  const starts = [];
  for (let next = iterator.next(); next && starts.length < count; next = iterator.next()) {
    starts.push(master.getOccurrenceDetails(next).startDate.toJSDate());
  }
  return starts;
}

/** Waits until `predicate(all messages)` holds; answers the messages. */
export async function waitForMail(mailApi, what, predicate, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  let last = [];
  for (;;) {
    last = await messages(mailApi);
    if (predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not there within ${seconds} s; arrived: ${JSON.stringify(last.map((m) => [m.to, m.subject]))}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The messages to one address. */
export function to(all, address) {
  return all.filter((m) => m.to.includes(address));
}
