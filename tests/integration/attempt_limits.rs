//! Attempt limits as several instances behind a load balancer enforce them: one limit in the
//! database, not one per instance; valid links always let through; successes write nothing.

use diesel::prelude::*;
use treffpunkt::db::schema::attempt_counts;

use crate::helpers::{Browser, TestApp};
use crate::join::{app_with_jitsi, join, link_of, plan_soon};

const PASSWORD: &str = "correct horse battery staple";

/// The path of a link, so it can be opened on any instance.
fn path_of(link: &str) -> String {
    let url = reqwest::Url::parse(link).unwrap();
    url.path().to_owned()
}

/// A sign-in with `password` through a fresh browser at `address`; the status.
async fn sign_in_at(address: &str, email: &str, password: &str) -> u16 {
    Browser::at(address)
        .post_form("/sign-in", &[("email", email), ("password", password)])
        .await
        .status()
        .as_u16()
}

/// Rows in the attempt counter table.
fn counted_rows(app: &TestApp) -> i64 {
    app.with_db(|conn| attempt_counts::table.count().get_result(conn).unwrap())
}

#[tokio::test]
async fn two_instances_enforce_one_limit_and_successes_write_nothing() {
    let app = app_with_jitsi(&[
        ("TREFFPUNKT_SIGN_IN_MAX_FAILURES", "4".to_owned()),
        ("TREFFPUNKT_JOIN_MAX_FAILURES_PER_IP", "4".to_owned()),
    ])
    .await;
    let second = app.another_instance().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let guest = path_of(&link_of(&meeting, "guest@example.org"));

    // Successes on both instances leave no count behind.
    for address in [&app.address, &second] {
        assert_eq!(sign_in_at(address, "bea@city-b.test", PASSWORD).await, 303);
        assert_eq!(Browser::at(address).get(&guest).await.status(), 200);
    }
    assert_eq!(join(&app, &guest, "Gast").await.status(), 303);
    assert_eq!(counted_rows(&app), 0, "no write for a success");

    // Four wrong passwords, two on each instance, use up the account's limit of four.
    for address in [&app.address, &second, &app.address, &second] {
        assert_eq!(sign_in_at(address, "bea@city-b.test", "wrong").await, 401);
    }
    for address in [&app.address, &second] {
        assert_eq!(
            sign_in_at(address, "bea@city-b.test", PASSWORD).await,
            429,
            "blocked on {address} too, even with the right password"
        );
    }

    // Unknown links likewise: four split over both instances, then 429 on either.
    for (n, address) in [&app.address, &second, &app.address, &second]
        .into_iter()
        .enumerate()
    {
        let guess = format!("/j/{}", format!("Z{n}").repeat(22)[..43].to_owned());
        assert_eq!(Browser::at(address).get(&guess).await.status(), 404);
    }
    for address in [&app.address, &second] {
        let guess = format!("/j/{}", "Y".repeat(43));
        assert_eq!(Browser::at(address).get(&guess).await.status(), 429);
        assert_eq!(
            Browser::at(address).get(&guest).await.status(),
            200,
            "a valid link still passes on {address}"
        );
    }
}

#[tokio::test]
async fn guesses_at_the_end_of_one_link_are_stopped_from_any_address() {
    let app = app_with_jitsi(&[
        // The tests' client plays the reverse proxy, so each request can come from elsewhere.
        ("TREFFPUNKT_TRUSTED_PROXIES", "127.0.0.1".to_owned()),
        (
            "TREFFPUNKT_JOIN_MAX_FAILURES_PER_LINK_PREFIX",
            "3".to_owned(),
        ),
    ])
    .await;
    let organizer = app.api_client("organizer@city-a.test", false);
    let meeting = plan_soon(&organizer, 10).await;
    let guest = path_of(&link_of(&meeting, "guest@example.org"));
    let secret = guest.trim_start_matches("/j/").to_owned();
    let from = |n: u8, path: String| {
        let request = app
            .client
            .get(format!("{}{path}", app.address))
            .header("X-Forwarded-For", format!("198.51.100.{n}"));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    // Someone who knows how the link begins tries endings, each from a new address.
    let ending = |c: char| format!("/j/{}{}", &secret[..8], c.to_string().repeat(35));
    for (n, c) in ['a', 'b', 'c'].into_iter().enumerate() {
        assert_eq!(from(n as u8, ending(c)).await, 404, "guess {n}");
    }
    assert_eq!(
        from(10, ending('d')).await,
        429,
        "the fourth guess at this beginning is refused, though its address is new"
    );
    assert_eq!(
        from(11, guest.clone()).await,
        200,
        "the link itself still works"
    );
    let elsewhere = format!("/j/{}", "Q".repeat(43));
    assert_eq!(
        from(12, elsewhere).await,
        404,
        "links beginning otherwise are not affected"
    );
}
