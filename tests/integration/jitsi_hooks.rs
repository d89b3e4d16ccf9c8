//! The dial-in hooks as Jitsi's web client and a phone system's voice menu call them: the
//! conference mapper (`dialInConfCodeUrl`) and the numbers list (`dialInNumbersUrl`), in the
//! shapes jitsi-meet reads (react/features/invite/_utils.ts, reducer.ts; the cloud API's
//! `/conferenceMapper`). Shared here: a server set up through `treffpunkt server update`.

use chrono::{TimeDelta, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::api_client::ApiClient;
use crate::helpers::TestApp;
use crate::join::{JITSI_URL, app_with_jitsi, plan_soon};

pub const MUC: &str = "conference.meet.city-a.test";
pub const EVENTS_TOKEN: &str = "events-token-for-tests-only-0123456789abcdef";
pub const RESERVATIONS_TOKEN: &str = "reservations-token-for-tests-only-0123456789";
/// Written as an administrator would, from Jitsi's own example.
pub const NUMBERS: &str = r#"[
  {"countryCode": "DE", "formattedNumber": "+49 721 9876 5432", "tollFree": false, "default": true},
  {"countryCode": "AT", "formattedNumber": "+43 1 234 5678", "tollFree": true, "default": false}
]"#;

/// The server from `app_with_jitsi` with every hook set through the command line.
pub async fn app_with_hooks(reservations: &str, extra: &[(&'static str, String)]) -> TestApp {
    let app = app_with_jitsi(extra).await;
    set_hooks(
        &app,
        "meet.city-a.test",
        MUC,
        reservations,
        EVENTS_TOKEN,
        RESERVATIONS_TOKEN,
    );
    app
}

/// `treffpunkt server update <server> --muc-domain … --dial-in-numbers-file … --events-token-file
/// … --reservations … --reservations-token-file …`.
pub fn set_hooks(
    app: &TestApp,
    server: &str,
    muc: &str,
    reservations: &str,
    events_token: &str,
    reservations_token: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    let numbers = dir.path().join("numbers.json");
    std::fs::write(&numbers, NUMBERS).unwrap();
    let events = dir.path().join("events.token");
    std::fs::write(&events, format!("{events_token}\n")).unwrap();
    let reserving = dir.path().join("reservations.token");
    std::fs::write(&reserving, reservations_token).unwrap();
    let output = app
        .command()
        .args(["server", "update", server, "--muc-domain", muc])
        .arg("--dial-in-numbers-file")
        .arg(&numbers)
        .arg("--events-token-file")
        .arg(&events)
        .args(["--reservations", reservations])
        .arg("--reservations-token-file")
        .arg(&reserving)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains(muc) && said.contains("2 number(s)"), "{said}");
    // Tokens are never printed back.
    assert!(
        !said.contains(events_token) && !said.contains(reservations_token),
        "{said}"
    );
}

/// Moves a meeting (and its participants' copies of its time) so it starts `start_in` from now.
pub fn move_meeting(app: &TestApp, meeting_id: &str, start_in: TimeDelta, length: TimeDelta) {
    use treffpunkt::db::schema::{meetings, participants};
    let starts = (Utc::now() + start_in).naive_utc();
    let ends = starts + length;
    app.with_db(|conn| {
        diesel::update(meetings::table.find(meeting_id))
            .set((meetings::starts_at.eq(starts), meetings::ends_at.eq(ends)))
            .execute(conn)
            .unwrap();
        diesel::update(participants::table.filter(participants::meeting_id.eq(meeting_id)))
            .set((
                participants::meeting_starts_at.eq(starts),
                participants::meeting_ends_at.eq(ends),
            ))
            .execute(conn)
            .unwrap();
    });
}

/// The meeting's PIN as stored.
pub fn pin_of(app: &TestApp, meeting_id: &str) -> String {
    use treffpunkt::db::schema::meetings;
    app.with_db(|conn| {
        meetings::table
            .find(meeting_id)
            .select(meetings::dial_in_pin)
            .first::<Option<String>>(conn)
            .unwrap()
            .expect("every new meeting has a PIN")
    })
}

async fn get(app: &TestApp, path: &str, origin: Option<&str>) -> (u16, Option<String>, Value) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let cors = response
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, cors, response.json().await.unwrap())
}

#[tokio::test]
async fn the_mapper_answers_pin_and_room_while_the_room_is_open_in_the_cloud_api_shape() {
    let app = app_with_hooks("off", &[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let id = meeting["id"].as_str().unwrap();
    let room = meeting["room"].as_str().unwrap();
    let pin = pin_of(&app, id);
    assert!(
        pin.len() == 9 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{pin}"
    );
    assert!(!pin.starts_with('0'), "a JSON number keeps every digit");

    // Jitsi's web client, in the room: `?conference=<room>@<muc>&url=…`, unencoded.
    let conference = format!("{room}@{MUC}");
    let path = format!("/jitsi/conference-mapper?conference={conference}&url={JITSI_URL}/{room}");
    let (status, cors, body) = get(&app, &path, Some(JITSI_URL)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "message": "Successfully retrieved conference mapping",
            "id": pin.parse::<u64>().unwrap(),
            "conference": conference,
        })
    );
    assert_eq!(
        cors.as_deref(),
        Some(JITSI_URL),
        "the web client may read it"
    );
    let (_, cors, _) = get(&app, &path, Some("https://evil.test")).await;
    assert_eq!(cors, None, "no other site may");

    // The voice menu: the PIN as typed, back to the room Jigasi is sent to.
    let (status, _, body) = get(&app, &format!("/jitsi/conference-mapper?id={pin}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["conference"], conference);
    assert_eq!(body["id"], pin.parse::<u64>().unwrap());

    // A PIN nobody has.
    let other = if pin == "123456789" {
        "987654321"
    } else {
        "123456789"
    };
    let (status, _, body) = get(&app, &format!("/jitsi/conference-mapper?id={other}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"message": "No conference mapping was found", "id": other.parse::<u64>().unwrap(), "conference": false})
    );
}

#[tokio::test]
async fn a_pin_opens_nothing_before_the_window_after_the_grace_or_when_cancelled() {
    let app = app_with_hooks("off", &[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let id = meeting["id"].as_str().unwrap().to_owned();
    let pin = pin_of(&app, &id);
    let mapped = |app: &TestApp, pin: String| {
        let path = format!("/jitsi/conference-mapper?id={pin}");
        let app_address = app.address.clone();
        async move {
            let body: Value = reqwest::get(format!("{app_address}{path}"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body["conference"].is_string()
        }
    };
    assert!(
        mapped(&app, pin.clone()).await,
        "open 15 minutes before the start"
    );

    // Three hours ahead: the join window is not open yet.
    move_meeting(&app, &id, TimeDelta::hours(3), TimeDelta::hours(1));
    assert!(!mapped(&app, pin.clone()).await, "before the window");
    // Ended two hours ago: past the 60 minutes of grace.
    move_meeting(&app, &id, TimeDelta::hours(-3), TimeDelta::hours(1));
    assert!(!mapped(&app, pin.clone()).await, "after the grace");
    // Ended half an hour ago: within the grace people may still come in.
    move_meeting(&app, &id, TimeDelta::minutes(-90), TimeDelta::hours(1));
    assert!(mapped(&app, pin.clone()).await, "within the grace");

    let (status, _) = organizer.delete(&format!("/api/v1/meetings/{id}")).await;
    assert!(status == 200 || status == 204, "{status}");
    assert!(!mapped(&app, pin).await, "cancelled");
}

#[tokio::test]
async fn pins_are_unique_random_and_misses_are_limited_per_network() {
    let app = app_with_hooks("off", &[]).await;
    let organizer: ApiClient = app.api_client("organizer@city-a.test", false);
    let mut pins = Vec::new();
    let mut rooms = Vec::new();
    for _ in 0..30 {
        let meeting = plan_soon(&organizer, 10).await;
        pins.push(pin_of(&app, meeting["id"].as_str().unwrap()));
        rooms.push(meeting["room"].as_str().unwrap().to_owned());
    }
    let mut distinct = pins.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), pins.len(), "{pins:?}");
    for (pin, room) in pins.iter().zip(&rooms) {
        assert!(
            !room.contains(pin.as_str()),
            "the PIN says nothing about the room"
        );
    }

    // 100 misses from one network are forgiven (callers mistype), the next is refused.
    let mut last = 0;
    for guess in 0..101u64 {
        let guess = 100_000_000 + guess * 7_919;
        let response = app
            .client
            .get(format!(
                "{}/jitsi/conference-mapper?id={guess}",
                app.address
            ))
            .send()
            .await
            .unwrap();
        last = response.status().as_u16();
        if last == 429 {
            assert!(response.headers().contains_key("retry-after"));
            break;
        }
    }
    assert_eq!(last, 429, "a PIN guesser is stopped");
    // While blocked, even a right PIN is not answered: guessing pays nothing.
    let response = app
        .client
        .get(format!(
            "{}/jitsi/conference-mapper?id={}",
            app.address, pins[0]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn the_numbers_list_is_jitsis_array_shape_for_the_servers_rooms() {
    let app = app_with_hooks("off", &[]).await;
    let (status, cors, body) = get(
        &app,
        &format!("/jitsi/dial-in-numbers?conference=abc@{MUC}"),
        Some(JITSI_URL),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(cors.as_deref(), Some(JITSI_URL));
    assert_eq!(
        body,
        json!([
            {"countryCode": "DE", "formattedNumber": "+49 721 9876 5432", "tollFree": false, "default": true},
            {"countryCode": "AT", "formattedNumber": "+43 1 234 5678", "tollFree": true, "default": false},
        ])
    );
    // Without a conference: the server the browser's origin belongs to.
    let (_, _, body) = get(&app, "/jitsi/dial-in-numbers", Some(JITSI_URL)).await;
    assert_eq!(body.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn without_hooks_the_mapper_knows_nothing_and_bad_settings_are_refused_by_name() {
    let app = app_with_jitsi(&[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let pin = pin_of(&app, meeting["id"].as_str().unwrap());
    let (status, _, body) = get(&app, &format!("/jitsi/conference-mapper?id={pin}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(body["conference"], false, "no MUC domain, no mapping");
    let (_, _, body) = get(&app, "/jitsi/dial-in-numbers", None).await;
    assert_eq!(body, json!([]));

    let dir = tempfile::tempdir().unwrap();
    let numbers = dir.path().join("numbers.json");
    std::fs::write(
        &numbers,
        r#"[{"countryCode": "Germany", "formattedNumber": "+49 1"}]"#,
    )
    .unwrap();
    let short = dir.path().join("short.token");
    std::fs::write(&short, "short").unwrap();
    let output = app
        .command()
        .args(["server", "update", "meet.city-a.test", "--muc-domain", MUC])
        .arg("--dial-in-numbers-file")
        .arg(&numbers)
        .arg("--events-token-file")
        .arg(&short)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("--dial-in-numbers") && said.contains("Germany"),
        "{said}"
    );
    assert!(
        said.contains("--events-token") && said.contains("32"),
        "{said}"
    );
    let (_, _, body) = get(&app, "/jitsi/dial-in-numbers", None).await;
    assert_eq!(body, json!([]), "nothing was stored");
}

#[tokio::test]
async fn invitations_carry_the_number_the_pin_and_a_one_tap_link_in_the_readers_language() {
    use crate::smtp::SmtpServer;
    let smtp = SmtpServer::start();
    let app = app_with_hooks(
        "off",
        &[
            ("TREFFPUNKT_MAIL_WORKER", "true".to_owned()),
            ("TREFFPUNKT_SMTP_URL", smtp.url()),
            ("TREFFPUNKT_MAIL_POLL_SECONDS", "1".to_owned()),
            ("TREFFPUNKT_MAIL_REMINDER_MINUTES", "0".to_owned()),
        ],
    )
    .await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let (status, meeting) = organizer
        .post(
            "/api/v1/meetings",
            json!({
                "title": "Digitalrat",
                "starts_at": crate::api_client::tomorrow_at("09:00"),
                "duration_minutes": 60,
                "participants": [
                    {"email": "rat@city-b.test", "locale": "de"},
                    {"email": "council@city-c.test", "locale": "en"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let pin = pin_of(&app, meeting["id"].as_str().unwrap());
    let grouped = format!("{} {} {}", &pin[0..3], &pin[3..6], &pin[6..9]);
    let received = smtp.wait_for(3, std::time::Duration::from_secs(20)).await;
    for (address, by_phone, tap) in [
        (
            "rat@city-b.test",
            "Per Telefon teilnehmen: +49 721 9876 5432 (DE)",
            "Mit einem Tipp auf dem Telefon",
        ),
        (
            "council@city-c.test",
            "Join by phone: +49 721 9876 5432 (DE)",
            "One tap on a phone",
        ),
    ] {
        let mail = crate::mail::to(&received, address);
        assert_eq!(mail.len(), 1, "{address}");
        let text = crate::polls::text_of(&mail[0]);
        assert!(
            text.contains(&format!("{by_phone}, PIN {grouped}#")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{tap}: tel:+4972198765432,,{pin}#")),
            "{text}"
        );
        assert!(
            text.contains("+43 1 234 5678 (AT"),
            "the other numbers: {text}"
        );
        // The HTML part's link escapes the `#` (RFC 3966), so phones keep it.
        let html = html_of(&mail[0]);
        assert!(
            html.contains(&format!("href=\"tel:+4972198765432,,{pin}%23\"")),
            "{html}"
        );
        // The calendar's DESCRIPTION, read by an independent parser.
        let calendar = mail[0].calendar();
        let parsed = ical::IcalParser::new(calendar.as_bytes())
            .next()
            .expect("one calendar")
            .expect("it parses");
        let description = parsed.events[0]
            .properties
            .iter()
            .find(|p| p.name == "DESCRIPTION")
            .and_then(|p| p.value.clone())
            .expect("a DESCRIPTION");
        let description = description.replace("\\n", "\n").replace("\\,", ",");
        assert!(
            description.contains(&format!("PIN {grouped}#")),
            "{description}"
        );
        assert!(
            description.contains(&format!("tel:+4972198765432,,{pin}#")),
            "{description}"
        );
    }
}

fn html_of(mail: &crate::smtp::Received) -> String {
    fn find(part: &mailparse::ParsedMail<'_>) -> Option<String> {
        if part.ctype.mimetype == "text/html" {
            return part.get_body().ok();
        }
        part.subparts.iter().find_map(find)
    }
    find(&mail.parsed()).expect("a text/html part")
}

#[tokio::test]
async fn the_join_page_shows_the_way_in_by_phone() {
    let app = app_with_hooks("off", &[]).await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let pin = pin_of(&app, meeting["id"].as_str().unwrap());
    let link = crate::join::link_of(&meeting, "guest@example.org");
    let path = link
        .split_once("/j/")
        .map(|(_, t)| format!("/j/{t}"))
        .unwrap();
    let page = app.browser().page_in(&path, "de").await;
    assert!(page.contains("Per Telefon teilnehmen"), "{page}");
    assert!(
        page.contains(&format!("href=\"tel:+4972198765432,,{pin}%23\"")),
        "{page}"
    );
}
