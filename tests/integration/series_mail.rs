//! The iTIP messages of a series as they arrive at a real SMTP server, read by the independent
//! `ical` parser: for each kind of change the method, UID, RECURRENCE-ID, EXDATE and SEQUENCE
//! RFC 5546 prescribes, and a VTIMEZONE that matches the tz database.

use std::time::Duration;

use chrono::{NaiveDateTime, Offset, TimeZone as _};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;
use serde_json::json;

use crate::mail::{app_sending_to, to};
use crate::smtp::{Received, SmtpServer};

const BOB: &str = "bob@city-b.test";

fn parse(message: &Received) -> IcalCalendar {
    let text = message.calendar();
    ical::IcalParser::new(text.as_bytes())
        .next()
        .expect("a calendar")
        .expect("the ical crate parses it")
}

/// The plain-text body of a message.
fn plain_text(message: &Received) -> String {
    fn walk(part: &mailparse::ParsedMail<'_>) -> Option<String> {
        if part.ctype.mimetype == "text/plain" {
            return part.get_body().ok();
        }
        part.subparts.iter().find_map(walk)
    }
    walk(&message.parsed()).expect("a text/plain part")
}

fn find<'a>(properties: &'a [Property], name: &str) -> Option<&'a Property> {
    properties.iter().find(|p| p.name == name)
}

fn value(properties: &[Property], name: &str) -> Option<String> {
    find(properties, name).and_then(|p| p.value.clone())
}

fn param(property: &Property, name: &str) -> Option<String> {
    property
        .params
        .as_ref()?
        .iter()
        .find(|(key, _)| key == name)
        .and_then(|(_, values)| values.first().cloned())
}

/// A date-time property in Berlin's wall-clock time: its value, checked to carry the zone.
fn berlin(event: &IcalEvent, name: &str) -> String {
    let property = find(&event.properties, name).unwrap_or_else(|| panic!("no {name}"));
    assert_eq!(
        param(property, "TZID").as_deref(),
        Some("Europe/Berlin"),
        "{name}"
    );
    property.value.clone().unwrap()
}

fn seconds(offset: &str) -> i32 {
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits = &offset[1..];
    let hours: i32 = digits[..2].parse().unwrap();
    let minutes: i32 = digits[2..4].parse().unwrap();
    sign * (hours * 3600 + minutes * 60)
}

/// The next `years` dates of a VTIMEZONE observance's yearly rule
/// (`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` or `…;BYDAY=2SU`), as `YYYYMMDDTHHMMSS`.
fn yearly_dates(start: &str, rule: &str, years: i32) -> Vec<String> {
    use chrono::{Datelike, NaiveDate};
    let first = NaiveDateTime::parse_from_str(start, "%Y%m%dT%H%M%S").unwrap();
    let part = |name: &str| {
        rule.split(';')
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} in {rule}"))
            .to_owned()
    };
    assert_eq!(part("FREQ"), "YEARLY");
    let month: u32 = part("BYMONTH").parse().unwrap();
    let byday = part("BYDAY");
    let (position, day) = byday.split_at(byday.len() - 2);
    assert_eq!(day, "SU", "{rule}");
    let position: i32 = position.parse().unwrap();
    (1..=years)
        .map(|offset| {
            let year = first.year() + offset;
            let sundays: Vec<NaiveDate> = (1..=31)
                .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
                .filter(|d| d.weekday() == chrono::Weekday::Sun)
                .collect();
            let date = if position < 0 {
                *sundays.last().unwrap()
            } else {
                sundays[usize::try_from(position - 1).unwrap()]
            };
            date.and_time(first.time())
                .format("%Y%m%dT%H%M%S")
                .to_string()
        })
        .collect()
}

/// The calendar's VTIMEZONE names Europe/Berlin and each observance changes the offset exactly
/// when and as the tz database does.
fn assert_berlin_zone(calendar: &IcalCalendar) {
    assert_eq!(calendar.timezones.len(), 1, "one VTIMEZONE");
    let zone = &calendar.timezones[0];
    assert_eq!(
        value(&zone.properties, "TZID").as_deref(),
        Some("Europe/Berlin")
    );
    assert!(!zone.transitions.is_empty(), "{zone:?}");
    let tz = chrono_tz::Europe::Berlin;
    for observance in &zone.transitions {
        let from = seconds(&value(&observance.properties, "TZOFFSETFROM").unwrap());
        let to = seconds(&value(&observance.properties, "TZOFFSETTO").unwrap());
        let start = value(&observance.properties, "DTSTART").unwrap();
        let mut dates = vec![start.clone()];
        dates.extend(
            observance
                .properties
                .iter()
                .filter(|p| p.name == "RDATE")
                .filter_map(|p| p.value.clone()),
        );
        if let Some(rule) = value(&observance.properties, "RRULE") {
            dates.extend(yearly_dates(&start, &rule, 5));
        }
        for date in dates {
            let local = NaiveDateTime::parse_from_str(&date, "%Y%m%dT%H%M%S").unwrap();
            let instant = local.and_utc() - chrono::TimeDelta::seconds(i64::from(from));
            let offset_at = |at: chrono::DateTime<chrono::Utc>| {
                tz.offset_from_utc_datetime(&at.naive_utc())
                    .fix()
                    .local_minus_utc()
            };
            assert_eq!(
                offset_at(instant - chrono::TimeDelta::seconds(1)),
                from,
                "{date}"
            );
            assert_eq!(offset_at(instant), to, "{date}");
        }
    }
}

#[tokio::test]
async fn every_kind_of_change_to_a_series_sends_the_messages_rfc_5546_prescribes() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Jour fixe",
                "starts_at": "2027-03-09T10:00:00+01:00",
                "duration_minutes": 60,
                "timezone": "Europe/Berlin",
                "participants": [{"email": BOB}],
                "recurrence": {"frequency": "weekly", "by_weekday": ["tu"], "count": 6},
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap();
    let uid = format!("{id}@127.0.0.1");
    let mut seen = 2;

    // The invitation: the series' master in Berlin time with its rule and zone.
    let received = smtp.wait_for(seen, Duration::from_secs(20)).await;
    let text = plain_text(&to(&received, BOB)[0]);
    assert!(
        text.contains("every week on Tuesday, 6 times")
            || text.contains("jede Woche am Dienstag, 6 Mal"),
        "the mail says how it repeats: {text}"
    );
    let invitation = parse(&to(&received, BOB)[0]);
    assert_eq!(
        value(&invitation.properties, "METHOD").as_deref(),
        Some("REQUEST")
    );
    assert_berlin_zone(&invitation);
    let kinds: Vec<String> = invitation.timezones[0]
        .transitions
        .iter()
        .map(|t| format!("{:?}", t.transition))
        .collect();
    assert_eq!(kinds, ["STANDARD", "DAYLIGHT"], "the series spans 28 March");
    assert_eq!(invitation.events.len(), 1);
    let master = &invitation.events[0];
    assert_eq!(value(&master.properties, "UID"), Some(uid.clone()));
    assert_eq!(berlin(master, "DTSTART"), "20270309T100000");
    assert_eq!(berlin(master, "DTEND"), "20270309T110000");
    assert_eq!(
        value(&master.properties, "RRULE").as_deref(),
        Some("FREQ=WEEKLY;BYDAY=TU;COUNT=6")
    );
    assert_eq!(value(&master.properties, "SEQUENCE").as_deref(), Some("0"));
    assert!(find(&master.properties, "RECURRENCE-ID").is_none());

    // One date cancelled: a CANCEL for that date alone, above the master's SEQUENCE.
    let (status, _) = alice
        .delete(&format!(
            "/api/v1/meetings/{id}/occurrences/20270316T090000Z"
        ))
        .await;
    assert_eq!(status, 200);
    seen += 2;
    let received = smtp.wait_for(seen, Duration::from_secs(20)).await;
    let cancel = parse(to(&received, BOB).last().unwrap());
    assert_eq!(
        value(&cancel.properties, "METHOD").as_deref(),
        Some("CANCEL")
    );
    assert_berlin_zone(&cancel);
    assert_eq!(cancel.events.len(), 1);
    let date = &cancel.events[0];
    assert_eq!(value(&date.properties, "UID"), Some(uid.clone()));
    assert_eq!(berlin(date, "RECURRENCE-ID"), "20270316T100000");
    assert_eq!(value(&date.properties, "SEQUENCE").as_deref(), Some("1"));
    assert_eq!(
        value(&date.properties, "STATUS").as_deref(),
        Some("CANCELLED")
    );
    assert!(find(&date.properties, "RRULE").is_none());

    // One date moved: a REQUEST holding only that date, with its own time.
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}/occurrences/20270330T080000Z"),
            json!({"starts_at": "2027-03-31T10:00:00+02:00"}),
        )
        .await;
    assert_eq!(status, 200);
    seen += 2;
    let received = smtp.wait_for(seen, Duration::from_secs(20)).await;
    let moved = parse(to(&received, BOB).last().unwrap());
    assert_eq!(
        value(&moved.properties, "METHOD").as_deref(),
        Some("REQUEST")
    );
    assert_eq!(moved.events.len(), 1);
    let date = &moved.events[0];
    assert_eq!(berlin(date, "RECURRENCE-ID"), "20270330T100000");
    assert_eq!(berlin(date, "DTSTART"), "20270331T100000");
    assert_eq!(value(&date.properties, "SEQUENCE").as_deref(), Some("1"));
    assert!(find(&date.properties, "RRULE").is_none());

    // Someone added later gets the whole series with all its exceptions.
    let (status, _) = alice
        .post(
            &format!("/api/v1/meetings/{id}/participants"),
            json!({"email": "carla@city-c.test"}),
        )
        .await;
    assert_eq!(status, 201);
    seen += 1;
    let received = smtp.wait_for(seen, Duration::from_secs(20)).await;
    let whole = parse(&to(&received, "carla@city-c.test")[0]);
    assert_eq!(
        value(&whole.properties, "METHOD").as_deref(),
        Some("REQUEST")
    );
    assert_berlin_zone(&whole);
    assert_eq!(whole.events.len(), 2, "the master and the moved date");
    let master = whole
        .events
        .iter()
        .find(|e| find(&e.properties, "RECURRENCE-ID").is_none())
        .unwrap();
    assert_eq!(berlin(master, "EXDATE"), "20270316T100000");
    assert!(find(&master.properties, "RRULE").is_some());
    let moved_date = whole
        .events
        .iter()
        .find(|e| find(&e.properties, "RECURRENCE-ID").is_some())
        .unwrap();
    assert_eq!(value(&moved_date.properties, "UID"), Some(uid.clone()));
    assert_eq!(berlin(moved_date, "DTSTART"), "20270331T100000");

    // The whole series changed: a REQUEST with the master's SEQUENCE raised.
    let (status, _) = alice
        .patch(
            &format!("/api/v1/meetings/{id}"),
            json!({"title": "Jour fixe Digitalrat"}),
        )
        .await;
    assert_eq!(status, 200);
    seen += 3;
    let received = smtp.wait_for(seen, Duration::from_secs(20)).await;
    let update = parse(to(&received, BOB).last().unwrap());
    assert_eq!(
        value(&update.properties, "METHOD").as_deref(),
        Some("REQUEST")
    );
    let master = update
        .events
        .iter()
        .find(|e| find(&e.properties, "RECURRENCE-ID").is_none())
        .unwrap();
    // 1 went to the newcomer (a new SEQUENCE for them alone); the change is 2 for everyone.
    assert_eq!(value(&master.properties, "SEQUENCE").as_deref(), Some("2"));
    assert_eq!(
        value(&master.properties, "SUMMARY").as_deref(),
        Some("Jour fixe Digitalrat")
    );

    // The whole series cancelled: a CANCEL of the master.
    let (status, _) = alice.delete(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(status, 200);
    seen += 3;
    let received = smtp.wait_for(seen, Duration::from_secs(20)).await;
    let off = parse(to(&received, BOB).last().unwrap());
    assert_eq!(value(&off.properties, "METHOD").as_deref(), Some("CANCEL"));
    let master = off
        .events
        .iter()
        .find(|e| find(&e.properties, "RECURRENCE-ID").is_none())
        .unwrap();
    assert_eq!(value(&master.properties, "UID"), Some(uid));
    assert_eq!(
        value(&master.properties, "STATUS").as_deref(),
        Some("CANCELLED")
    );
    assert_eq!(value(&master.properties, "SEQUENCE").as_deref(), Some("3"));
}

#[tokio::test]
async fn each_date_of_a_series_is_reminded_of_once_and_a_moved_date_at_its_new_time() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::participants;

    let smtp = SmtpServer::start();
    let app = app_sending_to(
        &smtp.url(),
        &[("TREFFPUNKT_MAIL_REMINDER_MINUTES", "15".to_owned())],
    )
    .await;
    let alice = app.api_client("alice@city-a.test", false);
    use crate::join::in_minutes;
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Morgenrunde",
                "starts_at": in_minutes(11),
                "duration_minutes": 30,
                "timezone": "Europe/Berlin",
                "participants": [{"email": BOB, "locale": "en"}],
                "recurrence": {"frequency": "daily", "count": 3},
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap().to_owned();
    // Invited yesterday, so the invitation is not reminder enough.
    let yesterday = chrono::Utc::now().naive_utc() - chrono::TimeDelta::days(1);
    app.with_db(|conn| {
        diesel::update(participants::table.filter(participants::meeting_id.eq(&id)))
            .set(participants::created_at.eq(yesterday))
            .execute(conn)
            .unwrap();
    });
    let reminders = || {
        to(&smtp.received(), BOB)
            .into_iter()
            .filter(|m| m.header("Subject").unwrap().starts_with("Reminder: "))
            .collect::<Vec<_>>()
    };
    crate::mail::eventually(
        "a reminder of today's date",
        Duration::from_secs(20),
        || reminders().len() == 1,
    )
    .await;

    // Tomorrow's date moved to today, two minutes after today's: reminded of at its new time.
    let (_, page) = alice.get("/api/v1/meetings?per_page=10").await;
    let tomorrow = page["meetings"][1]["recurrence_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let new_start = in_minutes(13);
    let (status, moved) = alice
        .patch(
            &format!("/api/v1/meetings/{id}/occurrences/{tomorrow}"),
            json!({"starts_at": new_start}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    crate::mail::eventually(
        "a reminder of the moved date",
        Duration::from_secs(20),
        || reminders().len() == 2,
    )
    .await;
    let second = &reminders()[1];
    let text = String::from_utf8_lossy(&second.data).into_owned();
    let local = chrono::DateTime::parse_from_rfc3339(&new_start)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%H:%M")
        .to_string();
    assert!(text.contains(&local), "the moved time {local}: {text}");
    // Once each, however often the worker looks.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(reminders().len(), 2);
}
