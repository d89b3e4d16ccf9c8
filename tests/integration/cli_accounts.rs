//! Accounts from the operator's side: the setup line, `token create`, and logs without secrets.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::cli::{free_port, http_get, stderr, stdout, treffpunkt, with_stdin};
use crate::helpers::{TestDatabase, csrf_token_in, token_shown_in};

const PASSWORD: &str = "correct horse battery staple";

#[test]
fn token_create_prints_the_token_alone_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    add_ops_account(dir.path(), &database);

    let output = treffpunkt(dir.path(), Some(&database))
        .args([
            "token",
            "create",
            "--email",
            "OPS@city-a.test",
            "--name",
            "backup job",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    let token = printed.trim_end_matches('\n');
    assert!(!token.contains('\n'), "one line only: {printed:?}");
    assert!(token.starts_with("tp_") && token.len() == 46, "{token}");

    let unknown = treffpunkt(dir.path(), Some(&database))
        .args(["token", "create", "--email", "nobody@city-a.test"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stdout(&unknown).is_empty());
    assert!(stderr(&unknown).contains("no account has the address nobody@city-a.test"));
}

/// Creates `ops@city-a.test` with [`PASSWORD`] through `treffpunkt user add`.
fn add_ops_account(dir: &std::path::Path, database: &TestDatabase) {
    let added = with_stdin(
        treffpunkt(dir, Some(database)).args([
            "user",
            "add",
            "--email",
            "ops@city-a.test",
            "--name",
            "Ops",
            "--password-stdin",
        ]),
        PASSWORD,
    );
    assert!(added.status.success(), "{}", stderr(&added));
}

/// A server process whose standard output and error go to one file.
struct Server {
    child: Child,
    log: std::path::PathBuf,
    port: u16,
}

impl Server {
    fn start(dir: &std::path::Path, database: &TestDatabase, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = dir.join("server.log");
        let file = std::fs::File::create(&log).unwrap();
        let mut command = treffpunkt(dir, Some(database));
        command
            .env("TREFFPUNKT_BIND", format!("127.0.0.1:{port}"))
            .envs(env.iter().copied())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        let child = command.spawn().unwrap();
        let started = Instant::now();
        while http_get(port, "/readyz") != Some(200) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server never became ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Server { child, log, port }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }

    fn stop(mut self) -> String {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        self.output()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs_even_at_trace_level() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let secret_key = "0123456789abcdef-a-secret-key-for-this-test-only";
    let client_secret = "oidc-client-secret-for-this-test";
    let jitsi_secret = "jitsi-shared-secret-for-this-test-only";
    let server = Server::start(
        dir.path(),
        &database,
        &[
            ("TREFFPUNKT_LOG", "trace"),
            ("TREFFPUNKT_SECRET_KEY", secret_key),
            ("TREFFPUNKT_OIDC_ISSUER_URL", "http://127.0.0.1:9/"),
            ("TREFFPUNKT_OIDC_CLIENT_ID", "treffpunkt"),
            ("TREFFPUNKT_OIDC_CLIENT_SECRET", client_secret),
            ("TREFFPUNKT_JITSI_URL", "https://meet.city-a.test"),
            ("TREFFPUNKT_JITSI_APP_ID", "treffpunkt"),
            ("TREFFPUNKT_JITSI_SECRET", jitsi_secret),
        ],
    );
    let base = format!("http://127.0.0.1:{}", server.port);

    // The one line that names the setup link, as the issue asks, and nothing else with it.
    let setup_line = server
        .output()
        .lines()
        .find(|line| line.starts_with("No account exists yet."))
        .expect("serve prints the setup link")
        .to_owned();
    let setup_url = setup_line.rsplit(' ').next().unwrap().to_owned();
    assert!(
        setup_url.starts_with(&format!("{base}/setup/")),
        "{setup_line}"
    );
    let setup_token = setup_url.rsplit('/').next().unwrap().to_owned();

    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser
        .get(&setup_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_token_in(&page).unwrap();
    let created = browser
        .post(&setup_url)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "ops@city-a.test"),
            ("display_name", "Ops"),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
            ("language", "en"),
            ("time_zone", "Europe/Berlin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let session_cookie = created
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| v.to_str().ok()?.strip_prefix("treffpunkt_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();

    let settings = browser
        .get(format!("{base}/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_token_in(&settings).unwrap();
    let html = browser
        .post(format!("{base}/settings/tokens"))
        .form(&[("csrf_token", csrf.as_str()), ("name", "logs")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let api_token = token_shown_in(&html);
    let me = reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&api_token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    // A meeting: its join links are credentials too, even when someone opens one.
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(1)).format("%Y-%m-%dT10:00:00Z");
    let meeting: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/meetings"))
        .bearer_auth(&api_token)
        .json(
            &serde_json::json!({"title": "Log check", "starts_at": tomorrow.to_string(),
            "duration_minutes": 30, "participants": [{"email": "guest@example.org"}]}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let join_url = meeting["participants"][0]["join_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let join_token = join_url.rsplit('/').next().unwrap().to_owned();
    reqwest::get(&join_url).await.unwrap();
    // The organizer (a moderator, so before the window) joins: a room token is minted.
    let joiner = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let own_link = meeting["join_url"].as_str().unwrap();
    let page = joiner
        .get(own_link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let join_csrf = csrf_token_in(&page).unwrap();
    let joined = joiner
        .post(own_link)
        .form(&[("csrf_token", join_csrf.as_str()), ("name", "Ops")])
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), 303);
    let location = joined.headers()["location"].to_str().unwrap().to_owned();
    let room_token = location
        .split("jwt=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .unwrap()
        .to_owned();
    // A failed sign-in with a password-like text in the e-mail field.
    let failed = browser
        .post(format!("{base}/sign-in"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "Tr0ub4dor&3-typed-in-email"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(failed.status().is_client_error());

    let log = server.stop();
    assert!(log.lines().count() > 20, "trace logging was on: {log}");
    for (what, secret) in [
        ("password", PASSWORD),
        ("API token", api_token.as_str()),
        ("session cookie", session_cookie.as_str()),
        ("CSRF token", csrf.as_str()),
        ("secret key", secret_key),
        ("OIDC client secret", client_secret),
        ("text typed into the e-mail field", "Tr0ub4dor&3"),
        ("join link token", join_token.as_str()),
        ("Jitsi secret", jitsi_secret),
        ("room token", room_token.as_str()),
    ] {
        assert!(!log.contains(secret), "the {what} appears in the log");
    }
    let setup_mentions = log
        .lines()
        .filter(|line| line.contains(&setup_token))
        .count();
    assert_eq!(
        setup_mentions, 1,
        "the setup token appears only in the printed setup line"
    );
}

#[test]
fn an_operator_can_set_a_forgotten_password() {
    use diesel::prelude::*;
    use treffpunkt::db::schema::users;

    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    add_ops_account(dir.path(), &database);

    let too_short = with_stdin(
        treffpunkt(dir.path(), Some(&database)).args([
            "user",
            "set-password",
            "--email",
            "ops@city-a.test",
        ]),
        "short\n",
    );
    assert_eq!(too_short.status.code(), Some(1));
    assert!(
        stderr(&too_short).contains("at least 12"),
        "{}",
        stderr(&too_short)
    );

    let new_password = "a new password after a long holiday";
    let set = with_stdin(
        treffpunkt(dir.path(), Some(&database)).args([
            "user",
            "set-password",
            "--email",
            "ops@city-a.test",
        ]),
        &format!("{new_password}\n"),
    );
    assert!(set.status.success(), "{}", stderr(&set));

    let url = treffpunkt::config::DatabaseUrl::parse(&database.url).unwrap();
    let (db, _) = treffpunkt::db::open(&url, 1, treffpunkt::db::Migrate::Skip).unwrap();
    let (hash, ended): (Option<String>, Option<chrono::NaiveDateTime>) = users::table
        .select((users::password_hash, users::sessions_valid_after))
        .first(&mut db.get().unwrap())
        .unwrap();
    let hash = hash.unwrap();
    assert!(treffpunkt::accounts::verify_password(new_password, &hash));
    assert!(!treffpunkt::accounts::verify_password(PASSWORD, &hash));
    assert!(ended.is_some(), "old sessions end");
}
