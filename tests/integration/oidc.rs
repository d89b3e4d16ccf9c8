//! Single sign-on against a real OpenID provider (npm `oidc-provider`, see tests/oidc/).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use diesel::prelude::*;
use treffpunkt::db::schema::users;

use crate::helpers::{Browser, TestApp};

const CLIENT_ID: &str = "treffpunkt-test";
const CLIENT_SECRET: &str = "a-client-secret-for-tests-only";

/// The provider process; stopped when dropped.
struct Provider {
    issuer: String,
    process: Child,
}

impl Provider {
    fn start(port: u16, app: &TestApp, extra_claims: Option<&std::path::Path>) -> Provider {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc");
        assert!(
            std::path::Path::new(dir)
                .join("node_modules/oidc-provider")
                .exists(),
            "the test OpenID provider is not installed: run `npm ci` in tests/oidc (CI's .ci/run does)"
        );
        let mut command = Command::new("node");
        if let Some(file) = extra_claims {
            command.env("EXTRA_CLAIMS_FILE", file);
        }
        let mut process = command
            .current_dir(dir)
            .arg("provider.mjs")
            .arg(port.to_string())
            .arg(CLIENT_ID)
            .arg(CLIENT_SECRET)
            .arg(format!("{}/sign-in/oidc/callback", app.address))
            .arg(format!("{}/", app.address))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs");
        let mut stdout = BufReader::new(process.stdout.take().unwrap());
        let mut first_line = String::new();
        stdout.read_line(&mut first_line).unwrap();
        assert_eq!(first_line.trim(), "ready", "the provider did not start");
        // Keep reading: the provider prints notices later, and a closed pipe would kill it.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Provider {
            issuer: format!("http://127.0.0.1:{port}"),
            process,
        }
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn app_with_provider(extra: &[(&'static str, String)]) -> (TestApp, Provider) {
    app_with_provider_and_claims(extra, None).await
}

async fn app_with_provider_and_claims(
    extra: &[(&'static str, String)],
    extra_claims: Option<&std::path::Path>,
) -> (TestApp, Provider) {
    let port = free_port();
    let mut settings = vec![
        (
            "TREFFPUNKT_OIDC_ISSUER_URL",
            format!("http://127.0.0.1:{port}"),
        ),
        ("TREFFPUNKT_OIDC_CLIENT_ID", CLIENT_ID.to_owned()),
        ("TREFFPUNKT_OIDC_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("TREFFPUNKT_OIDC_BUTTON_LABEL", "City Login".to_owned()),
        ("TREFFPUNKT_OIDC_IDP_HINT", "city-a".to_owned()),
    ];
    settings.extend_from_slice(extra);
    let app = TestApp::spawn_with(&settings).await;
    let provider = Provider::start(port, &app, extra_claims);
    (app, provider)
}

/// A person at the provider: their own cookies there, and the login they type.
struct ProviderUser {
    client: reqwest::Client,
    login: &'static str,
}

impl ProviderUser {
    fn new(login: &'static str) -> ProviderUser {
        ProviderUser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            login,
        }
    }

    /// Follows the provider from the authorization URL through its login and consent pages
    /// until it sends the browser back to `app`; returns that callback URL.
    async fn authorize(&self, mut url: String, app: &str) -> String {
        for _ in 0..20 {
            if url.starts_with(app) {
                return url;
            }
            let response = self.client.get(&url).send().await.unwrap();
            let base = response.url().clone();
            if response.status().is_redirection() {
                let location = response.headers()["location"].to_str().unwrap();
                url = base.join(location).unwrap().to_string();
                continue;
            }
            let html = response.text().await.unwrap();
            let action = attribute_after(&html, "<form", "action").expect("a form at the provider");
            let action = base.join(&action).unwrap().to_string();
            let fields: Vec<(&str, &str)> = if html.contains(r#"name="login""#) {
                vec![
                    ("prompt", "login"),
                    ("login", self.login),
                    ("password", "any"),
                ]
            } else {
                vec![("prompt", "consent")]
            };
            let response = self
                .client
                .post(&action)
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_redirection(),
                "{}",
                response.text().await.unwrap()
            );
            let location = response.headers()["location"].to_str().unwrap();
            url = base.join(location).unwrap().to_string();
        }
        panic!("the provider never sent the browser back");
    }
}

fn attribute_after(html: &str, tag: &str, attribute: &str) -> Option<String> {
    let at = html.find(tag)?;
    let needle = format!(r#"{attribute}=""#);
    let start = at + html[at..].find(&needle)? + needle.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].replace("&amp;", "&"))
}

/// Presses "sign in with City Login" and returns where the app sends the browser.
async fn press_sso_button(browser: &Browser) -> url::Url {
    let page = browser.get("/sign-in").await.text().await.unwrap();
    assert!(page.contains("Sign in with City Login"), "{page}");
    let response = browser
        .post_form("/sign-in/oidc", &[("next", "/settings")])
        .await;
    assert_eq!(response.status(), 303);
    url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap()
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

#[tokio::test]
async fn staff_sign_in_through_the_provider_and_out_again() {
    let (app, provider) = app_with_provider(&[]).await;
    let alice = ProviderUser::new("alice");

    // First sign-in: PKCE, state, nonce and the identity-provider hint go to the provider.
    let browser = app.browser();
    let authorize = press_sso_button(&browser).await;
    assert!(
        authorize
            .as_str()
            .starts_with(&format!("{}/auth", provider.issuer)),
        "{authorize}"
    );
    assert_eq!(
        query(&authorize, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert!(query(&authorize, "state").is_some() && query(&authorize, "nonce").is_some());
    assert_eq!(query(&authorize, "kc_idp_hint").as_deref(), Some("city-a"));
    let callback = alice.authorize(authorize.to_string(), &app.address).await;
    let back = browser.get(&callback).await;
    assert_eq!(back.status(), 303, "{}", back.text().await.unwrap());
    assert_eq!(back.headers()["location"], "/settings");

    // The account was created from the provider's userinfo.
    let settings = browser.get("/settings").await.text().await.unwrap();
    assert!(settings.contains("alice@city-a.test"), "{settings}");
    assert!(settings.contains(r#"value="Alice Example""#), "{settings}");
    let accounts: Vec<(String, Option<String>)> = app.with_db(|conn| {
        users::table
            .select((users::email, users::oidc_subject))
            .load(conn)
            .unwrap()
    });
    assert_eq!(
        accounts,
        [("alice@city-a.test".to_owned(), Some("alice".to_owned()))]
    );

    // Second sign-in, in another browser: the same account, found by issuer and subject.
    let second = app.browser();
    let authorize = press_sso_button(&second).await;
    let callback = alice.authorize(authorize.to_string(), &app.address).await;
    assert_eq!(second.get(&callback).await.status(), 303);
    assert!(
        second
            .get("/settings")
            .await
            .text()
            .await
            .unwrap()
            .contains("alice@city-a.test")
    );
    let count: i64 = app.with_db(|conn| users::table.count().get_result(conn).unwrap());
    assert_eq!(count, 1);

    // Sign-out ends the session here and sends the browser to end the provider's session.
    let out = second.post_form("/sign-out", &[]).await;
    assert_eq!(out.status(), 303);
    let end_session = url::Url::parse(out.headers()["location"].to_str().unwrap()).unwrap();
    assert!(
        end_session
            .as_str()
            .starts_with(&format!("{}/session/end", provider.issuer)),
        "{end_session}"
    );
    assert!(query(&end_session, "id_token_hint").is_some());
    assert_eq!(
        query(&end_session, "post_logout_redirect_uri"),
        Some(format!("{}/", app.address))
    );
    // The provider accepts the hint and asks to confirm the sign-out.
    let confirm = alice.client.get(end_session.as_str()).send().await.unwrap();
    assert_eq!(confirm.status(), 200);
    assert_eq!(second.get("/settings").await.status(), 303);
}

#[tokio::test]
async fn a_forged_state_is_refused() {
    let (app, _provider) = app_with_provider(&[]).await;
    let browser = app.browser();
    let authorize = press_sso_button(&browser).await;
    let callback = ProviderUser::new("mallory")
        .authorize(authorize.to_string(), &app.address)
        .await;
    let mut forged = url::Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .map(|(key, value)| {
            let value = if key == "state" {
                "forged".into()
            } else {
                value
            };
            (key.into_owned(), value.into_owned())
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);

    let refused = browser.get(forged.as_str()).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("did not work"));
    assert_eq!(
        browser.get("/settings").await.status(),
        303,
        "not signed in"
    );
    // The real callback cannot be replayed after the failed one: its state was used up.
    assert_eq!(browser.get(&callback).await.status(), 400);
    let count: i64 = app.with_db(|conn| users::table.count().get_result(conn).unwrap());
    assert_eq!(count, 0);
}

#[tokio::test]
async fn without_account_creation_only_known_people_get_in_linked_by_verified_address() {
    let (app, _provider) =
        app_with_provider(&[("TREFFPUNKT_OIDC_ALLOW_CREATE", "false".to_owned())]).await;
    let known = app.add_user("bob@city-a.test", "a password nobody uses", false);

    let browser = app.browser();
    let authorize = press_sso_button(&browser).await;
    let callback = ProviderUser::new("bob")
        .authorize(authorize.to_string(), &app.address)
        .await;
    assert_eq!(browser.get(&callback).await.status(), 303);
    let linked: Option<String> = app.with_db(|conn| {
        users::table
            .find(&known.id)
            .select(users::oidc_subject)
            .first(conn)
            .unwrap()
    });
    assert_eq!(linked.as_deref(), Some("bob"));

    // An unverified address never takes over an account, and nobody new is created.
    let stranger = app.browser();
    let authorize = press_sso_button(&stranger).await;
    let callback = ProviderUser::new("unverified-carol")
        .authorize(authorize.to_string(), &app.address)
        .await;
    let refused = stranger.get(&callback).await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("no account here"));
    let count: i64 = app.with_db(|conn| users::table.count().get_result(conn).unwrap());
    assert_eq!(count, 1);
}

#[tokio::test]
async fn local_sign_in_can_be_turned_off() {
    let app = TestApp::spawn_with(&[
        (
            "TREFFPUNKT_OIDC_ISSUER_URL",
            "http://127.0.0.1:9/".to_owned(),
        ),
        ("TREFFPUNKT_OIDC_CLIENT_ID", CLIENT_ID.to_owned()),
        ("TREFFPUNKT_OIDC_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("TREFFPUNKT_LOCAL_SIGN_IN", "false".to_owned()),
    ])
    .await;
    app.add_user("bea@city-b.test", "correct horse battery staple", false);
    let browser = app.browser();
    let page = browser.get("/sign-in").await.text().await.unwrap();
    assert!(page.contains("Sign in with Single Sign-On"), "{page}");
    assert!(!page.contains(r#"type="password""#), "{page}");
    let refused = browser
        .post_form(
            "/sign-in",
            &[
                ("email", "bea@city-b.test"),
                ("password", "correct horse battery staple"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 404);
}

/// Signs `login` in through the provider in a fresh browser (creating the account).
async fn sign_in_through_provider(app: &TestApp, login: &'static str) -> Browser {
    let browser = app.browser();
    let authorize = press_sso_button(&browser).await;
    let callback = ProviderUser::new(login)
        .authorize(authorize.to_string(), &app.address)
        .await;
    let back = browser.get(&callback).await;
    assert_eq!(back.status(), 303, "{}", back.text().await.unwrap());
    browser
}

#[tokio::test]
async fn an_address_the_provider_does_not_vouch_for_claims_no_invitation() {
    let (app, _provider) = app_with_provider(&[]).await;
    let alice = app.api_client("alice@city-a.test", false);
    // Invitations, as moderator, to an address someone registers unverified at the provider,
    // and to a colleague whose address the provider vouches for.
    let (status, meeting) = alice
        .post(
            "/api/v1/meetings",
            serde_json::json!({
                "title": "Haushaltsklausur",
                "starts_at": crate::api_client::tomorrow_at("09:00"),
                "duration_minutes": 60,
                "participants": [
                    {"email": "unverified-mallory@city-a.test", "role": "moderator"},
                    {"email": "bob@city-a.test", "role": "moderator"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().unwrap().to_owned();

    let mallory = sign_in_through_provider(&app, "unverified-mallory").await;
    let verified: bool = app.with_db(|conn| {
        users::table
            .filter(users::email.eq("unverified-mallory@city-a.test"))
            .select(users::email_verified)
            .first(conn)
            .unwrap()
    });
    assert!(
        !verified,
        "the account records that its address is unverified"
    );
    let dashboard = mallory.get("/").await.text().await.unwrap();
    assert!(!dashboard.contains("Haushaltsklausur"), "{dashboard}");
    assert_eq!(
        mallory.get(&format!("/meetings/{id}")).await.status(),
        404,
        "no moderator rights through an unverified address"
    );
    assert_eq!(
        mallory
            .post_form(&format!("/meetings/{id}/cancel"), &[])
            .await
            .status(),
        404
    );
    let settings = mallory.get("/settings?lang=en").await.text().await.unwrap();
    assert!(
        settings.contains("Your address is not verified by your sign-in provider"),
        "{settings}"
    );
    // Invited again after the account exists: the invitation is not bound to it either.
    let (status, again) = alice
        .post(
            "/api/v1/meetings",
            serde_json::json!({
                "title": "Zweiter Versuch",
                "starts_at": crate::api_client::tomorrow_at("11:00"),
                "duration_minutes": 30,
                "participants": [{"email": "unverified-mallory@city-a.test"}],
            }),
        )
        .await;
    assert_eq!(status, 201, "{again}");
    let dashboard = mallory.get("/").await.text().await.unwrap();
    assert!(!dashboard.contains("Zweiter Versuch"), "{dashboard}");

    // The colleague with a verified address sees and may edit the same meeting.
    let bob = sign_in_through_provider(&app, "bob").await;
    let dashboard = bob.get("/").await.text().await.unwrap();
    assert!(dashboard.contains("Haushaltsklausur"), "{dashboard}");
    assert_eq!(bob.get(&format!("/meetings/{id}")).await.status(), 200);
    let settings = bob.get("/settings?lang=en").await.text().await.unwrap();
    assert!(!settings.contains("not verified"), "{settings}");
}

#[tokio::test]
async fn each_city_has_its_button_and_the_providers_claim_places_the_account() {
    let claims = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(claims.path(), r#"{"alice": {"idp_alias": "stadt-a"}}"#).unwrap();
    let (app, provider) = app_with_provider_and_claims(
        &[("TREFFPUNKT_OIDC_ORGANISATION_CLAIM", "idp_alias".to_owned())],
        Some(claims.path()),
    )
    .await;
    for (name, slug) in [("Stadt A", "stadt-a"), ("Stadt B", "stadt-b")] {
        let output = app
            .command()
            .args([
                "org",
                "add",
                "--name",
                name,
                "--slug",
                slug,
                "--idp-hint",
                slug,
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    }
    let organisation_of_alice = || -> String {
        app.with_db(|conn| {
            users::table
                .inner_join(treffpunkt::db::schema::organisations::table)
                .filter(users::email.eq("alice@city-a.test"))
                .select(treffpunkt::db::schema::organisations::slug)
                .first(conn)
                .unwrap()
        })
    };

    // One button per city, beside the general one; each goes to its own identity provider.
    let browser = app.browser();
    let page = browser.get("/sign-in").await.text().await.unwrap();
    for label in [
        "Sign in with City Login",
        "Sign in with Stadt A",
        "Sign in with Stadt B",
    ] {
        assert!(page.contains(label), "{label}: {page}");
    }
    let forged = browser
        .post_form("/sign-in/oidc", &[("organisation", "evil-idp")])
        .await;
    assert_eq!(
        forged.status(),
        404,
        "only an organisation's own alias is sent"
    );
    let response = browser
        .post_form(
            "/sign-in/oidc",
            &[("next", "/settings"), ("organisation", "stadt-b")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let authorize = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert!(authorize.as_str().starts_with(&provider.issuer));
    assert_eq!(query(&authorize, "kc_idp_hint").as_deref(), Some("stadt-b"));

    // The provider's claim decides: Stadt A at the first sign-in…
    let alice = ProviderUser::new("alice");
    let callback = alice.authorize(authorize.to_string(), &app.address).await;
    assert_eq!(browser.get(&callback).await.status(), 303);
    assert_eq!(organisation_of_alice(), "stadt-a");

    // …and Stadt B once the provider says so.
    std::fs::write(claims.path(), r#"{"alice": {"idp_alias": ["stadt-b"]}}"#).unwrap();
    let second = app.browser();
    let authorize = press_sso_button(&second).await;
    let callback = alice.authorize(authorize.to_string(), &app.address).await;
    assert_eq!(second.get(&callback).await.status(), 303);
    assert_eq!(organisation_of_alice(), "stadt-b");
    let moves: i64 = app.with_db(|conn| {
        treffpunkt::db::schema::audit_events::table
            .filter(treffpunkt::db::schema::audit_events::action.eq("user_moved"))
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(moves, 1);
}
