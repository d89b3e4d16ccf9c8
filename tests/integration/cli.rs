//! The `treffpunkt` binary as an operator uses it.

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{TestDatabase, binary};

/// A command with a clean environment, run in `dir` (so no developer's `.env` leaks in).
pub(crate) fn treffpunkt(dir: &Path, database: Option<&TestDatabase>) -> Command {
    let mut command = Command::new(binary());
    command
        .env_clear()
        .env("LANG", "C")
        .env("TREFFPUNKT_DATA_DIR", dir.join("data"))
        .current_dir(dir)
        .stdin(Stdio::null());
    if let Some(database) = database {
        command.env("DATABASE_URL", &database.url);
    }
    command
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `command` with `input` on its standard input, as a script piping a password would.
pub(crate) fn with_stdin(command: &mut Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The last line a failing command printed, which must say everything.
fn last_line(output: &Output) -> String {
    stderr(output).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn an_unsupported_database_url_stops_with_one_line_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let output = treffpunkt(dir.path(), None)
        .env("DATABASE_URL", "nonsense://x")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("DATABASE_URL"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"));
}

#[test]
fn a_bad_setting_names_the_variable_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let output = treffpunkt(dir.path(), None)
        .env("TREFFPUNKT_BIND", "everywhere")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    let line = last_line(&output);
    assert!(
        line.contains("TREFFPUNKT_BIND") && line.contains("everywhere"),
        "{line}"
    );
}

#[test]
fn an_unreachable_database_gives_one_clear_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 1; the password must not show in the message.
    let output = treffpunkt(dir.path(), None)
        .env(
            "DATABASE_URL",
            "postgres://postgres:sesame@127.0.0.1:1/treffpunkt",
        )
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let line = last_line(&output);
    assert!(line.contains("cannot connect to the database"), "{line}");
    assert!(!stderr(&output).contains("sesame"), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

#[test]
fn help_is_useful_on_every_level() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["user", "--help"],
        vec!["user", "add", "--help"],
    ] {
        let output = treffpunkt(dir.path(), None).args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = stdout(&output);
        assert!(text.contains("Usage:"), "{args:?}: {text}");
    }
    let top = stdout(&treffpunkt(dir.path(), None).arg("--help").output().unwrap());
    for verb in ["serve", "migrate", "user"] {
        assert!(top.contains(verb), "{top}");
    }
    let add = stdout(
        &treffpunkt(dir.path(), None)
            .args(["user", "add", "--help"])
            .output()
            .unwrap(),
    );
    for flag in ["--email", "--name", "--admin", "--password-stdin"] {
        assert!(add.contains(flag), "{add}");
    }
}

#[test]
fn migrate_applies_the_schema_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let first = treffpunkt(dir.path(), Some(&database))
        .arg("migrate")
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("applied"), "{}", stdout(&first));
    let second = treffpunkt(dir.path(), Some(&database))
        .arg("migrate")
        .output()
        .unwrap();
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("up to date"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn an_administrator_is_created_from_a_script_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let added = with_stdin(
        treffpunkt(dir.path(), Some(&database)).args([
            "user",
            "add",
            "--email",
            "Ada@City-A.test",
            "--name",
            "Ada Lovelace",
            "--admin",
            "--password-stdin",
        ]),
        "correct horse battery staple\n",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(
        stdout(&added).contains("ada@city-a.test"),
        "{}",
        stdout(&added)
    );

    let listed = treffpunkt(dir.path(), Some(&database))
        .args(["user", "list", "--json"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    let users: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(users[0]["email"], "ada@city-a.test");
    assert_eq!(users[0]["display_name"], "Ada Lovelace");
    assert_eq!(users[0]["is_admin"], true);
    assert!(
        !String::from_utf8_lossy(&listed.stdout).contains("argon2"),
        "no hash in the listing"
    );

    let table = stdout(
        &treffpunkt(dir.path(), Some(&database))
            .args(["user", "list"])
            .output()
            .unwrap(),
    );
    assert!(
        table.contains("ada@city-a.test") && table.contains("yes"),
        "{table}"
    );
}

#[test]
fn a_second_account_for_the_same_address_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let add = |email: &str| {
        treffpunkt(dir.path(), Some(&database))
            .args(["user", "add", "--email", email, "--name", "Ada"])
            .output()
            .unwrap()
    };
    assert!(add("ada@city-a.test").status.success());
    let again = add("ADA@city-a.test");
    assert_eq!(again.status.code(), Some(1));
    assert!(
        last_line(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn bad_account_details_are_listed_per_flag() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let output = treffpunkt(dir.path(), Some(&database))
        .args([
            "user",
            "add",
            "--email",
            "not-an-address",
            "--name",
            " ",
            "--time-zone",
            "Mars/Base",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let line = last_line(&output);
    assert!(
        line.contains("--email: This is not a valid e-mail address"),
        "{line}"
    );
    assert!(line.contains("--name: This field is required"), "{line}");
    assert!(line.contains("--time-zone"), "{line}");
}

#[test]
fn a_too_short_password_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let output = with_stdin(
        treffpunkt(dir.path(), Some(&database)).args([
            "user",
            "add",
            "--email",
            "ada@city-a.test",
            "--name",
            "Ada",
            "--password-stdin",
        ]),
        "short\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        last_line(&output).contains("at least 12 characters"),
        "{}",
        stderr(&output)
    );
    let listed = treffpunkt(dir.path(), Some(&database))
        .args(["user", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), "[]");
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GET http://127.0.0.1:{port}{path}` with a short timeout; `None` while nothing answers.
pub(crate) fn http_get(port: u16, path: &str) -> Option<u16> {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn serve_is_the_default_and_answers_within_seconds_then_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let port = free_port();
    let mut server = treffpunkt(dir.path(), database.is_postgres().then_some(&database))
        .env("TREFFPUNKT_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut ready = None;
    while started.elapsed() < Duration::from_secs(20) {
        ready = http_get(port, "/readyz");
        if ready.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let health = http_get(port, "/healthz");
    // Stop it before asserting, so a failure does not leave a server behind.
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let status = server.wait().unwrap();
    assert_eq!(ready, Some(200), "readyz never answered");
    assert_eq!(health, Some(200));
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    if !database.is_postgres() {
        assert!(
            dir.path().join("data/treffpunkt.db").exists(),
            "the default SQLite file is in the data folder"
        );
    }
    let key = dir.path().join("data/secret_key");
    assert!(key.exists(), "a secret key was generated");
}

#[test]
fn settings_in_a_dotenv_file_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "TREFFPUNKT_LOG_FORMAT=yaml\n").unwrap();
    let output = treffpunkt(dir.path(), None)
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(78));
    assert!(
        last_line(&output).contains("TREFFPUNKT_LOG_FORMAT"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn serve_without_migrating_refuses_an_outdated_schema() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path());
    let output = treffpunkt(dir.path(), Some(&database))
        .args(["serve", "--no-migrate"])
        .env("TREFFPUNKT_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let line = last_line(&output);
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .count();
    assert!(
        line.contains(&format!("needs {migrations} migration"))
            && line.contains("treffpunkt migrate"),
        "{line}"
    );
}
