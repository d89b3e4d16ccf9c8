//! Every letter in both languages, snapshotted (insta), with names and titles that break naive
//! encoders: umlauts, emoji, commas, semicolons, quotes, a 300-character title, line breaks.

use chrono::TimeZone as _;
use chrono::Utc;
use ical::parser::ical::component::IcalCalendar;

use super::*;
use crate::domain::TimeZone;
use crate::mail::facts::{Letter, Recipient};

const ALL: [Letter; 6] = [
    Letter::Invitation,
    Letter::Update,
    Letter::Cancellation,
    Letter::Uninvitation,
    Letter::Reminder,
    Letter::OrganizerCopy,
];

fn composer() -> Composer {
    Composer::new(
        MailTemplates::load().unwrap(),
        "Treffpunkt <noreply@treffpunkt.example.org>"
            .parse()
            .unwrap(),
        &url::Url::parse("https://treffpunkt.example.org/").unwrap(),
        Some(15),
    )
}

/// A 300-character title full of characters that need care.
fn long_title() -> String {
    let piece = "Haushalt 2027: Straßen, Brücken; \"Sanierung\" – Überblick 🎉 ";
    piece.chars().cycle().take(300).collect()
}

fn facts(letter: Letter, locale: Locale, title: &str) -> MailFacts {
    let at = |h, m| Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap();
    MailFacts {
        branding: Default::default(),
        letter,
        job_id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".to_owned(),
        stamp: at(8, 30),
        meeting: MeetingFacts {
            id: "5f0c6a1e-2b7d-4c3a-9e8f-1a2b3c4d5e6f".to_owned(),
            title: title.to_owned(),
            description: "Tagesordnung:\r\n1. Zahlen, Daten; Fakten\r\n2. \"Offene\" Fragen 😀"
                .to_owned(),
            starts_at: at(9, 0),
            ends_at: at(10, 30),
            revision: 2,
            cancelled: letter == Letter::Cancellation,
            invitee_count: 2,
            series: None,
            occurrence: None,
            dial_in: crate::conference::dial_in(
                Some("123456789"),
                vec![
                    crate::conference::DialInNumber {
                        country_code: "DE".to_owned(),
                        formatted_number: "+49 721 9876543".to_owned(),
                        toll_free: false,
                        default: true,
                    },
                    crate::conference::DialInNumber {
                        country_code: "AT".to_owned(),
                        formatted_number: "+43 1 2345678".to_owned(),
                        toll_free: true,
                        default: false,
                    },
                ],
            ),
        },
        organizer: Contact {
            name: "Jürgen \"JJ\" Müller-Lüdenscheidt, Amt für Öffentlichkeit; Referat 3 🚀"
                .to_owned(),
            email: "juergen.mueller@stadt-a.example".to_owned(),
        },
        recipient: Recipient {
            contact: Contact {
                name: "Zoë O'Brien, Ph.D.; \"Dr. Z\" 😀".to_owned(),
                email: "zoe.obrien@stadt-b.example".to_owned(),
            },
            locale,
            zone: TimeZone::parse("Europe/Berlin").unwrap(),
            join_url: "https://treffpunkt.example.org/j/Qm9iLXNlY3JldC10b2tlbi1mb3ItdGVzdHMtb25seQ"
                .to_owned(),
            sequence: 2,
            participant_id: Some("0b8f6c1e-4d2a-4f51-9a3e-2c7d9e1f5a60".to_owned()),
        },
    }
}

/// Parses with an independent parser (the `ical` crate).
fn parse(text: &str) -> IcalCalendar {
    ical::IcalParser::new(text.as_bytes())
        .next()
        .expect("one calendar")
        .expect("it parses")
}

fn property<'a>(properties: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

/// CRLF everywhere, no CR CR LF, every line at most 75 octets and valid UTF-8 on its own.
fn assert_well_formed(calendar: &str) {
    assert!(calendar.ends_with("\r\n"));
    assert!(!calendar.contains("\r\r\n"), "CR CR LF");
    for line in calendar.as_bytes().split(|b| *b == b'\n') {
        if line.is_empty() {
            continue;
        }
        let line = line.strip_suffix(b"\r").expect("every line ends in CRLF");
        assert!(
            line.len() <= 75,
            "{} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "a fold split a character: {line:?}"
        );
        assert!(!line.contains(&b'\r'), "a stray CR");
    }
}

fn snapshot_text(message: &MailMessage) -> String {
    let calendar = match &message.calendar {
        Some((method, text)) => format!(
            "--- text/calendar; method={} ---\n{}",
            method.as_str(),
            text.replace("\r\n", "\n")
        ),
        None => "--- no calendar ---\n".to_owned(),
    };
    format!(
        "From: {}\nReply-To: {}\nTo: {}\nMessage-ID: {}\nContent-Language: {}\nSubject: {}\n\n--- text/plain ---\n{}\n--- text/html ---\n{}\n{calendar}",
        message.from,
        message.reply_to,
        message.to,
        message.message_id,
        message.language,
        message.subject,
        message.text,
        message.html,
    )
}

/// The calendar of a letter that has one.
fn calendar_of(message: &MailMessage) -> (Method, &str) {
    let (method, text) = message.calendar.as_ref().expect("a calendar");
    (*method, text)
}

#[test]
fn every_letter_in_both_languages() {
    let composer = composer();
    let title = long_title();
    assert_eq!(title.chars().count(), 300);
    for letter in ALL {
        for locale in [Locale::De, Locale::En] {
            let invitation = composer.compose(&facts(letter, locale, &title)).unwrap();
            // The message itself builds, and its subject stays on one header.
            invitation.to_message().unwrap();
            insta::assert_snapshot!(
                format!("{}_{}", letter.template(), locale.tag()),
                snapshot_text(&invitation)
            );
            let Some((method, calendar)) = &invitation.calendar else {
                assert_eq!(letter, Letter::Reminder, "only reminders go without");
                continue;
            };
            assert_well_formed(calendar);
            let parsed = parse(calendar);
            assert_eq!(
                property(&parsed.properties, "METHOD"),
                Some(method.as_str())
            );
            let event = &parsed.events[0];
            assert_eq!(
                property(&event.properties, "UID"),
                Some("5f0c6a1e-2b7d-4c3a-9e8f-1a2b3c4d5e6f@treffpunkt.example.org")
            );
            assert_eq!(property(&event.properties, "SEQUENCE"), Some("2"));
            // Unfolded by hand: the `ical` parser drops a space that ends a folded line.
            let summary = calendar
                .replace("\r\n ", "")
                .lines()
                .find_map(|line| line.strip_prefix("SUMMARY:").map(str::to_owned))
                .unwrap();
            assert_eq!(
                summary
                    .trim_end_matches('\r')
                    .replace("\\,", ",")
                    .replace("\\;", ";"),
                title,
                "the whole title survives folding and escaping"
            );
        }
    }
}

#[test]
fn the_methods_and_who_is_listed() {
    let composer = composer();
    let method_of = |letter| {
        let invitation = composer
            .compose(&facts(letter, Locale::De, "Jour fixe"))
            .unwrap();
        let (method, calendar) = calendar_of(&invitation);
        let attendees = parse(calendar).events[0]
            .properties
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .count();
        (method, attendees, calendar.to_owned())
    };
    let (method, attendees, _) = method_of(Letter::Invitation);
    assert_eq!(
        (method, attendees),
        (Method::Request, 1),
        "only the receiver"
    );
    let (method, _, calendar) = method_of(Letter::Cancellation);
    assert_eq!(method, Method::Cancel);
    assert!(calendar.contains("STATUS:CANCELLED"));
    assert!(
        !calendar.contains("/j/"),
        "no join link for a meeting that is off"
    );
    let (method, _, calendar) = method_of(Letter::Uninvitation);
    assert_eq!(method, Method::Cancel);
    assert!(
        !calendar.contains("STATUS:") && !calendar.contains("/j/"),
        "the meeting goes on without them: no STATUS (RFC 5546 3.2.5)"
    );
    let (method, attendees, _) = method_of(Letter::OrganizerCopy);
    assert_eq!((method, attendees), (Method::Publish, 0));
}

#[test]
fn line_breaks_in_names_titles_and_addresses_make_no_header_and_no_property() {
    let composer = composer();
    let mut facts = facts(
        Letter::Invitation,
        Locale::En,
        "Budget\r\nATTENDEE:mailto:evil@example.org\r\nBcc: evil@example.org",
    );
    facts.recipient.contact.name = "Zoë\r\nBcc: evil@example.org".to_owned();
    facts.organizer.name = "Jürgen\nORGANIZER:mailto:evil@example.org".to_owned();
    let invitation = composer.compose(&facts).unwrap();
    let (_, calendar) = calendar_of(&invitation);
    for line in calendar.split("\r\n") {
        assert!(
            !line.starts_with("ATTENDEE:mailto:evil") && !line.starts_with("ORGANIZER:mailto:evil"),
            "{line}"
        );
    }
    let parsed = parse(calendar);
    let attendees: Vec<_> = parsed.events[0]
        .properties
        .iter()
        .filter(|p| p.name == "ATTENDEE" || p.name == "ORGANIZER")
        .filter_map(|p| p.value.clone())
        .collect();
    assert_eq!(
        attendees,
        [
            "mailto:juergen.mueller@stadt-a.example",
            "mailto:zoe.obrien@stadt-b.example"
        ]
    );
    let message = String::from_utf8(invitation.to_message().unwrap().formatted()).unwrap();
    let headers = message.split("\r\n\r\n").next().unwrap();
    assert!(
        !headers
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc")),
        "{headers}"
    );

    // An address with a line break is refused, not sent somewhere else.
    facts.recipient.contact.email = "zoe@stadt-b.example\r\nBcc: evil@example.org".to_owned();
    assert!(composer.compose(&facts).is_err());
}

#[test]
fn a_reminder_is_plain_mail_that_says_how_long_it_really_is() {
    let composer = composer();
    let mut late = facts(Letter::Reminder, Locale::En, "Jour fixe");
    // The worker was slow: twelve minutes before a 09:00 start, not fifteen.
    late.stamp = Utc.with_ymd_and_hms(2026, 12, 1, 8, 48, 0).unwrap();
    let reminder = composer.compose(&late).unwrap();
    assert!(reminder.calendar.is_none(), "no calendar part, no RSVP");
    assert_eq!(reminder.subject, "Reminder: Jour fixe starts in 12 minutes");
    assert!(reminder.text.contains(&late.recipient.join_url));
    // Tera escapes `/` in HTML; browsers read it back as the same link.
    assert!(
        reminder
            .html
            .contains(&late.recipient.join_url.replace('/', "&#x2F;"))
    );
    assert!(
        reminder.text.contains("10:00"),
        "the time in the person's zone: {}",
        reminder.text
    );
    late.recipient.locale = Locale::De;
    late.stamp = Utc.with_ymd_and_hms(2026, 12, 1, 8, 59, 10).unwrap();
    let reminder = composer.compose(&late).unwrap();
    assert_eq!(
        reminder.subject,
        "Erinnerung: Jour fixe beginnt in einer Minute"
    );
}

#[test]
fn the_sender_names_who_invites_and_keeps_our_address() {
    let composer = composer();
    let message = composer
        .compose(&facts(Letter::Invitation, Locale::De, "Jour fixe"))
        .unwrap();
    assert_eq!(
        message.from.email.to_string(),
        "noreply@treffpunkt.example.org"
    );
    assert_eq!(
        message.from.name.as_deref(),
        Some(
            "Jürgen \"JJ\" Müller-Lüdenscheidt, Amt für Öffentlichkeit; Referat 3 🚀 via Treffpunkt"
        )
    );
    let formatted = String::from_utf8(message.to_message().unwrap().formatted()).unwrap();
    let parsed = mailparse::parse_mail(formatted.as_bytes()).unwrap();
    use mailparse::MailHeaderMap;
    let from = parsed.headers.get_first_value("From").unwrap();
    assert!(
        from.contains("via Treffpunkt") && from.contains("<noreply@treffpunkt.example.org>"),
        "{from}"
    );
    assert_eq!(message.language, "de");
}

#[test]
fn the_calendar_file_for_download_publishes_the_same_event() {
    let composer = composer();
    let facts = facts(Letter::Invitation, Locale::De, "Jour fixe");
    let file = composer.calendar_file(
        &facts.meeting,
        &facts.organizer,
        Some((&facts.recipient.join_url, facts.recipient.sequence)),
        Locale::De,
        facts.stamp,
    );
    assert_well_formed(&file);
    let parsed = parse(&file);
    assert_eq!(property(&parsed.properties, "METHOD"), Some("PUBLISH"));
    let event = &parsed.events[0];
    assert_eq!(
        property(&event.properties, "UID"),
        Some("5f0c6a1e-2b7d-4c3a-9e8f-1a2b3c4d5e6f@treffpunkt.example.org")
    );
    assert_eq!(
        property(&event.properties, "URL"),
        Some(facts.recipient.join_url.as_str())
    );
}

#[test]
fn with_a_reply_mailbox_invitees_answer_to_their_own_reply_address() {
    let config = crate::config::ReplyConfig {
        mailbox: crate::config::MailboxUrl::for_tests(),
        local_part: "rsvp".to_owned(),
        domain: "treffpunkt.example.org".to_owned(),
        poll_interval: std::time::Duration::from_secs(60),
    };
    let secret =
        crate::config::SecretKey::from_configured("a-test-secret-of-enough-length-for-keys")
            .unwrap();
    let addresses = ReplyAddresses::new(&secret, &config);
    let composer = composer().with_reply_addresses(Some(addresses.clone()));
    let organizer_line = |letter: Letter| {
        let facts = facts(letter, Locale::De, "Jour fixe");
        let message = composer.compose(&facts).unwrap();
        let calendar = message.calendar.map(|(_, text)| text).unwrap_or_default();
        let unfolded = calendar.replace("\r\n ", "");
        unfolded
            .lines()
            .find(|l| l.starts_with("ORGANIZER"))
            .unwrap_or_default()
            .to_owned()
    };
    let invitation = organizer_line(Letter::Invitation);
    let expected = addresses
        .for_participant("0b8f6c1e-4d2a-4f51-9a3e-2c7d9e1f5a60")
        .unwrap();
    assert!(
        invitation.ends_with(&format!(":mailto:{expected}")),
        "{invitation}"
    );
    assert!(
        invitation.contains("CN=\"Jürgen ^'JJ^' Müller"),
        "{invitation}"
    );
    assert_eq!(
        addresses.participant_in(&expected).as_deref(),
        Some("0b8f6c1e-4d2a-4f51-9a3e-2c7d9e1f5a60")
    );
    assert!(organizer_line(Letter::Cancellation).contains(&expected));
    // The organizer's own copy is theirs: no reply address in it.
    assert!(
        organizer_line(Letter::OrganizerCopy).ends_with(":mailto:juergen.mueller@stadt-a.example")
    );
}

#[test]
fn the_digest_lists_answers_by_meeting_in_both_languages() {
    let answer = |meeting: &str, partstat: &str, comment: Option<&str>, date: &str| {
        crate::meetings::DigestAnswer {
            meeting_id: format!("m-{meeting}"),
            meeting_title: meeting.to_owned(),
            email: "bob@city-b.test".to_owned(),
            name: Some("Bob Beispiel".to_owned()),
            response: crate::meetings::Response {
                participant_id: "p".to_owned(),
                recurrence_id: date.to_owned(),
                partstat: partstat.to_owned(),
                comment: comment.map(str::to_owned),
                answered_at: chrono::NaiveDateTime::default(),
                via: "web".to_owned(),
                sequence: 0,
            },
        }
    };
    let answers = [
        answer("Haushalt", "DECLINED", Some("Urlaub"), ""),
        answer("Jour fixe", "ACCEPTED", None, "20261208T080000Z"),
    ];
    let to = Contact {
        name: "Alice Amt".to_owned(),
        email: "alice@city-a.test".to_owned(),
    };
    let zone = TimeZone::parse("Europe/Berlin").unwrap();
    let de = composer()
        .digest("j1", &to, Locale::De, zone, &answers)
        .unwrap();
    assert_eq!(de.subject, "2 neue Antworten auf Ihre Einladungen");
    assert!(
        de.text
            .contains("- Bob Beispiel <bob@city-b.test>: Abgesagt – „Urlaub“"),
        "{}",
        de.text
    );
    assert!(de.text.contains("Zugesagt (am Di."), "{}", de.text);
    assert!(de.html.contains("meetings&#x2F;m-Haushalt"), "{}", de.html);
    let en = composer()
        .digest("j1", &to, Locale::En, zone, &answers[..1])
        .unwrap();
    assert_eq!(en.subject, "1 new answer to your invitations");
    assert!(en.to_message().is_ok());
}

#[test]
fn an_invitation_wears_the_organizers_branding_in_both_parts() {
    let mut invitation = facts(Letter::Invitation, Locale::De, "Jour fixe");
    invitation.branding = std::sync::Arc::new(crate::organisations::Branding {
        name: "Stadt A".into(),
        imprint_url: Some("https://stadt-a.example/impressum".into()),
        accessibility_url: Some("https://stadt-a.example/barrierefreiheit".into()),
        mail_footer_de: "Stadt A · Amt für Digitales\nRathausplatz 1".into(),
        invitation_intro_en: "Welcome to the Digitalrat.".into(),
        ..Default::default()
    });
    let message = composer().compose(&invitation).unwrap();
    // No German introduction: the English one stands in.
    assert!(
        message.text.contains("Welcome to the Digitalrat."),
        "{}",
        message.text
    );
    assert!(message.text.ends_with(
        "\nStadt A · Amt für Digitales\nRathausplatz 1\nImpressum: https://stadt-a.example/impressum\nErklärung zur Barrierefreiheit: https://stadt-a.example/barrierefreiheit\n"
    ), "{}", message.text);
    assert!(
        message.html.contains("Rathausplatz 1</p>"),
        "{}",
        message.html
    );
    assert!(message.html.contains(">Impressum</a>"), "{}", message.html);
    assert!(
        !message.html.contains("Datenschutzerklärung"),
        "no privacy page was named"
    );
}
