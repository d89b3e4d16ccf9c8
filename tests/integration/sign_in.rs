//! Signing in and out with a password: refusals that reveal nothing, limits, cookies, headers.

use crate::helpers::TestApp;

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.browser();

    let wrong = browser
        .post_form(
            "/sign-in",
            &[
                ("email", "bea@city-b.test"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let wrong = wrong.text().await.unwrap();
    let unknown = browser
        .post_form(
            "/sign-in",
            &[
                ("email", "nobody@city-b.test"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown = unknown.text().await.unwrap();
    let sentence = "The e-mail address or the password is wrong";
    assert!(
        wrong.contains(sentence) && unknown.contains(sentence),
        "{wrong}"
    );

    let right = browser
        .post_form(
            "/sign-in",
            &[("email", "BEA@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(right.status(), 303);
    assert_eq!(browser.get("/settings").await.status(), 200);
}

#[tokio::test]
async fn the_attempt_after_the_limit_is_refused_with_when_to_try_again() {
    let app = TestApp::spawn_with(&[("TREFFPUNKT_SIGN_IN_MAX_FAILURES", "3".to_owned())]).await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.browser();
    for _ in 0..3 {
        let response = browser
            .post_form(
                "/sign-in",
                &[
                    ("email", "bea@city-b.test"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        assert_eq!(response.status(), 401);
    }
    // Even the right password is refused now: the account is being attacked.
    let blocked = browser
        .post_form(
            "/sign-in",
            &[("email", "bea@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(blocked.status(), 429);
    let retry_after: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    let html = blocked.text().await.unwrap();
    assert!(
        html.contains(&format!("try again in {retry_after} seconds")),
        "{html}"
    );

    // Another account from the same address is not blocked by this one's failures.
    app.add_user("cem@city-b.test", PASSWORD, false);
    let other = browser
        .post_form(
            "/sign-in",
            &[("email", "cem@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(other.status(), 303);
}

#[tokio::test]
async fn too_many_failures_from_one_address_are_refused_whatever_the_account() {
    let app =
        TestApp::spawn_with(&[("TREFFPUNKT_SIGN_IN_MAX_FAILURES_PER_IP", "2".to_owned())]).await;
    let browser = app.browser();
    for email in ["a@x.test", "b@x.test"] {
        let response = browser
            .post_form(
                "/sign-in",
                &[("email", email), ("password", "guess guess guess")],
            )
            .await;
        assert_eq!(response.status(), 401);
    }
    let blocked = browser
        .post_form(
            "/sign-in",
            &[("email", "c@x.test"), ("password", "guess guess guess")],
        )
        .await;
    assert_eq!(blocked.status(), 429);
}

#[tokio::test]
async fn the_session_cookie_is_private_and_renewed_at_sign_in() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.browser();

    let page = browser.get("/sign-in").await;
    let before =
        session_cookie(&page).expect("the sign-in page starts a session for its CSRF token");
    assert!(before.contains("HttpOnly"), "{before}");
    assert!(before.contains("SameSite=Lax"), "{before}");
    assert!(!before.contains("Secure"), "plain http: {before}");
    let headers = page.headers();
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("form-action 'self'")
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers.get("strict-transport-security").is_none());

    let signed_in = browser
        .post_form(
            "/sign-in",
            &[("email", "bea@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    let after = session_cookie(&signed_in).expect("signing in sets a new cookie");
    assert_ne!(cookie_value(&before), cookie_value(&after));
}

#[tokio::test]
async fn on_https_the_cookie_is_secure_and_hsts_is_sent() {
    let app =
        TestApp::spawn_with(&[("TREFFPUNKT_BASE_URL", "https://meet.example.org".to_owned())])
            .await;
    let page = app.browser().get("/sign-in").await;
    assert!(
        page.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let cookie = session_cookie(&page).unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn signing_out_ends_the_session_and_pages_ask_to_sign_in_again() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.signed_in("bea@city-b.test", PASSWORD).await;
    assert_eq!(browser.get("/settings").await.status(), 200);

    let out = browser.post_form("/sign-out", &[]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(out.headers()["location"], "/");

    let settings = browser.get("/settings").await;
    assert_eq!(settings.status(), 303);
    assert_eq!(settings.headers()["location"], "/sign-in?next=%2Fsettings");
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("treffpunkt_session="))
        .map(str::to_owned)
}

fn cookie_value(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap()
}

#[tokio::test]
async fn signing_out_ends_the_session_for_every_copy_of_the_cookie() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let browser = app.browser();
    let signed_in = browser
        .post_form(
            "/sign-in",
            &[("email", "bea@city-b.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status(), 303);
    let stolen = cookie_value(&session_cookie(&signed_in).expect("a session cookie")).to_owned();
    let with_stolen = || {
        app.client
            .get(format!("{}/settings", app.address))
            .header("Cookie", stolen.clone())
            .send()
    };
    assert_eq!(with_stolen().await.unwrap().status(), 200, "the copy works");
    let out = browser.post_form("/sign-out", &[]).await;
    assert_eq!(out.status(), 303);
    let after = with_stolen().await.unwrap();
    assert_eq!(after.status(), 303, "the copy was signed out too");
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in"),
    );
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_browser() {
    let app = TestApp::spawn().await;
    app.add_user("bea@city-b.test", PASSWORD, false);
    let office = app.signed_in("bea@city-b.test", PASSWORD).await;
    let home = app.signed_in("bea@city-b.test", PASSWORD).await;
    assert_eq!(home.get("/settings").await.status(), 200);
    let ended = office.post_form("/settings/sessions/end", &[]).await;
    assert_eq!(ended.status(), 303);
    assert_eq!(
        home.get("/settings").await.status(),
        303,
        "home is signed out"
    );
    assert_eq!(
        office.get("/settings").await.status(),
        303,
        "and so is the office"
    );
    // Signing in again works as before.
    let again = app.signed_in("bea@city-b.test", PASSWORD).await;
    assert_eq!(again.get("/settings").await.status(), 200);
}
