//! Guests on a poll's public link: they give a name (and perhaps an address), keep a personal
//! link of their own, and one network adds only so many of them.

use serde_json::json;

use crate::helpers::TestApp;
use crate::polls::{answer, days_ahead_at, make_poll};

#[tokio::test]
async fn a_guest_answers_on_the_public_link_and_keeps_a_personal_link() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let poll = make_poll(
        &alice,
        json!({
            "title": "Bürgerdialog",
            "timezone": "Europe/Berlin",
            "public": true,
            "proposals": [
                { "starts_at": days_ahead_at(8, "16:00:00"), "duration_minutes": 90 },
                { "starts_at": days_ahead_at(9, "16:00:00"), "duration_minutes": 90 },
            ],
        }),
    )
    .await;
    let public = reqwest::Url::parse(poll["public_url"].as_str().unwrap())
        .unwrap()
        .path()
        .to_owned();
    let guest = app.browser();
    let page = guest.get(&public).await.text().await.unwrap();
    assert!(page.contains(r#"name="guest_name""#), "{page}");

    // No name: refused, saying why, the choices kept.
    let refused = answer(&guest, &public, &["no", "yes"], &[("guest_name", " ")]).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("This field is required."), "{html}");
    assert!(
        html.contains(r#"value="yes" required aria-labelledby"#),
        "{html}"
    );

    let saved = answer(
        &guest,
        &public,
        &["no", "yes"],
        &[("guest_name", "Frau Yıldız"), ("guest_email", "")],
    )
    .await;
    assert_eq!(saved.status(), 303);
    let own = saved.headers()["location"].to_str().unwrap().to_owned();
    assert!(own.starts_with("/p/") && !own.starts_with(&public), "{own}");
    let page = guest.get(&own).await.text().await.unwrap();
    assert!(page.contains("Keep this address"), "{page}");
    assert!(page.contains("You answer as Frau Yıldız"), "{page}");

    let (_, read) = alice
        .get(&format!("/api/v1/polls/{}", poll["id"].as_str().unwrap()))
        .await;
    let people = read["participants"].as_array().unwrap();
    assert_eq!(people.len(), 1, "{read}");
    assert_eq!(people[0]["name"], "Frau Yıldız");
    assert_eq!(people[0]["guest"], true);
    assert_eq!(read["proposals"][1]["counts"]["yes"], 1);

    // A poll without a public link has none to guess.
    let private = make_poll(
        &alice,
        json!({ "title": "Intern", "proposals": [
            { "starts_at": days_ahead_at(8, "09:00:00"), "duration_minutes": 60 },
            { "starts_at": days_ahead_at(9, "09:00:00"), "duration_minutes": 60 }] }),
    )
    .await;
    assert!(private.get("public_url").is_none(), "{private}");
    assert_eq!(
        app.browser()
            .get("/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn one_network_adds_at_most_thirty_guests_an_hour() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@city-a.test", false);
    let poll = make_poll(
        &alice,
        json!({ "title": "Offene Sprechstunde", "public": true, "proposals": [
            { "starts_at": days_ahead_at(8, "09:00:00"), "duration_minutes": 60 },
            { "starts_at": days_ahead_at(9, "09:00:00"), "duration_minutes": 60 }] }),
    )
    .await;
    let public = reqwest::Url::parse(poll["public_url"].as_str().unwrap())
        .unwrap()
        .path()
        .to_owned();
    let guest = app.browser();
    for n in 0..30 {
        let name = format!("Gast {n}");
        let saved = answer(&guest, &public, &["yes", "no"], &[("guest_name", &name)]).await;
        assert_eq!(saved.status(), 303, "guest {n}");
    }
    let refused = answer(
        &guest,
        &public,
        &["yes", "no"],
        &[("guest_name", "Gast 31")],
    )
    .await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let (_, read) = alice
        .get(&format!("/api/v1/polls/{}", poll["id"].as_str().unwrap()))
        .await;
    assert_eq!(read["participants"].as_array().unwrap().len(), 30);
}
