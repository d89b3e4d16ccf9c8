//! GDPR access and erasure end to end: the export holds everything stored about an address;
//! after erasure no text column of any table holds it, its links open nothing, and the audit
//! log says an erasure happened without saying whose. Both backends.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::{Value, json};

use crate::api_client::tomorrow_at;
use crate::helpers::TestApp;
use crate::join::link_of;

const PASSWORD: &str = "correct horse battery staple";
const BOB: &str = "bob.beispiel@stadt-a.test";

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every (table, column) that holds text, read from the database's own catalogue, so a table
/// added later is searched too.
fn text_columns(app: &TestApp) -> Vec<(String, String)> {
    app.with_db(|conn| {
        if app.database.is_postgres() {
            diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND data_type IN ('text', 'character varying')",
            )
            .load::<Column>(conn)
            .unwrap()
            .into_iter()
            .map(|c| (c.table_name, c.column_name))
            .collect()
        } else {
            let tables = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .load::<Name>(conn)
            .unwrap();
            let mut columns = Vec::new();
            for table in tables {
                let info = diesel::sql_query(format!(
                    "SELECT name, type AS table_name FROM pragma_table_info('{}')",
                    table.name
                ))
                .load::<Column2>(conn)
                .unwrap();
                for column in info
                    .into_iter()
                    .filter(|c| c.kind.eq_ignore_ascii_case("text"))
                {
                    columns.push((table.name.clone(), column.name));
                }
            }
            columns
        }
    })
}

#[derive(QueryableByName)]
struct Column2 {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text, column_name = table_name)]
    kind: String,
}

/// The (table, column) pairs in which some row contains `needle`, any case.
fn where_found(app: &TestApp, needle: &str) -> Vec<(String, String)> {
    let columns = text_columns(app);
    assert!(
        columns.len() > 50,
        "the catalogue lists too few columns: {columns:?}"
    );
    app.with_db(|conn| {
        columns
            .into_iter()
            .filter(|(table, column)| {
                let found = diesel::sql_query(format!(
                    "SELECT COUNT(*) AS n FROM \"{table}\" WHERE lower(\"{column}\") LIKE '%{}%'",
                    needle.to_lowercase()
                ))
                .get_result::<Count>(conn)
                .unwrap();
                found.n > 0
            })
            .collect()
    })
}

fn cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    app.command().args(args).output().unwrap()
}

#[tokio::test]
async fn an_address_is_exported_whole_and_erased_without_a_trace() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@stadt-a.test", false);
    let bob = app.api_client(BOB, false);
    // Bob organises one meeting that is over and one still to come, is invited to Alice's
    // meeting and asked in her poll, signed in once and mistyped his password once.
    let (status, past) = bob
        .post(
            "/api/v1/meetings",
            json!({"title": "Bobs Rückblick", "starts_at": tomorrow_at("07:00"),
                   "duration_minutes": 30, "participants": [{"email": "carol@example.org"}]}),
        )
        .await;
    assert_eq!(status, 201, "{past}");
    let upcoming = bob.plan("Bobs Ausblick", &["carol@example.org"]).await;
    let meeting = alice.plan("Jour fixe", &[BOB, "dora@example.org"]).await;
    let bobs_link = link_of(&meeting, BOB);
    let (status, poll) = alice
        .post(
            "/api/v1/polls",
            json!({"title": "Termin Digitalrat", "timezone": "Europe/Berlin",
                   "proposals": [{"starts_at": tomorrow_at("09:00"), "duration_minutes": 60},
                                 {"starts_at": tomorrow_at("11:00"), "duration_minutes": 60}],
                   "participants": [{"email": BOB}]}),
        )
        .await;
    assert_eq!(status, 201, "{poll}");
    let browser = app.browser();
    browser
        .post_form("/sign-in", &[("email", BOB), ("password", "wrong")])
        .await;
    let signed_in = app.signed_in(BOB, PASSWORD).await;
    let past_id = past["id"].as_str().unwrap();
    app.with_db(|conn| {
        use diesel::connection::SimpleConnection;
        conn.batch_execute(&format!(
            "UPDATE meetings SET starts_at = '2026-01-05 07:00:00', ends_at = '2026-01-05 07:30:00' \
             WHERE id = '{past_id}'; UPDATE participants SET meeting_starts_at = '2026-01-05 07:00:00', \
             meeting_ends_at = '2026-01-05 07:30:00' WHERE meeting_id = '{past_id}';"
        ))
        .unwrap();
    });

    // The export: from the command line, and his own from the settings page.
    let output = cli(&app, &["privacy", "export", "--email", BOB]);
    assert!(output.status.success(), "{output:?}");
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["account"]["address"], BOB);
    assert_eq!(document["account"]["api_tokens"][0]["name"], "tests");
    let organised: Vec<&str> = document["meetings_organised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    assert_eq!(organised, ["Bobs Rückblick", "Bobs Ausblick"]);
    assert_eq!(
        document["meetings_organised"][0]["invitees"],
        json!(["carol@example.org"])
    );
    assert!(
        document["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["meeting_title"] == "Jour fixe" && i["role"] == "participant"),
        "{document}"
    );
    assert_eq!(
        document["poll_invitations"][0]["poll_title"],
        "Termin Digitalrat"
    );
    assert!(
        !document["mails"].as_array().unwrap().is_empty(),
        "{document}"
    );
    let actions: Vec<&str> = document["audit_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"signed_in") && actions.contains(&"user_created"),
        "{actions:?}"
    );
    let own = signed_in.post_form("/settings/export", &[]).await;
    assert_eq!(own.status(), 200);
    assert!(
        own.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let own: Value = own.json().await.unwrap();
    assert_eq!(own["account"]["address"], BOB);

    // Erasure stops at a meeting still to come, changing nothing.
    let refused = cli(&app, &["privacy", "erase", "--email", BOB]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("Bobs Ausblick"), "{message}");
    assert!(!message.contains("Bobs Rückblick"), "{message}");
    assert!(!where_found(&app, BOB).is_empty());

    // Once it is cancelled, every trace goes.
    let (status, _) = bob
        .delete(&format!(
            "/api/v1/meetings/{}",
            upcoming["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200);
    let erased = cli(&app, &["privacy", "erase", "--email", BOB]);
    assert!(erased.status.success(), "{erased:?}");
    assert_eq!(where_found(&app, BOB), Vec::<(String, String)>::new());
    assert_eq!(
        where_found(&app, "Bob.beispiel"),
        Vec::<(String, String)>::new()
    );
    assert_eq!(app.browser().get(&bobs_link).await.status(), 404);
    assert_eq!(
        signed_in.get("/settings").await.status(),
        303,
        "his session ended"
    );
    // Alice's meeting keeps a "deleted person" and Dora; the audit log says what, not whom.
    let (status, after) = alice
        .get(&format!(
            "/api/v1/meetings/{}",
            meeting["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200);
    let emails: Vec<&str> = after["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"dora@example.org"), "{emails:?}");
    assert!(
        emails.iter().any(|e| e.ends_with("@erased.invalid")),
        "{emails:?}"
    );
    let erasures: Vec<(Option<String>, Option<String>)> = app.with_db(|conn| {
        use treffpunkt::db::schema::audit_events;
        audit_events::table
            .filter(audit_events::action.eq("person_erased"))
            .select((audit_events::target_user_id, audit_events::detail))
            .load(conn)
            .unwrap()
    });
    assert_eq!(erasures.len(), 1);
    assert_eq!(erasures[0].0, None);
    assert!(
        erasures[0]
            .1
            .as_deref()
            .unwrap()
            .contains("meetings organised: 2"),
        "{erasures:?}"
    );
}

#[tokio::test]
async fn the_installation_administrator_erases_only_after_confirming() {
    let app = TestApp::spawn().await;
    let alice = app.api_client("alice@stadt-a.test", false);
    alice.plan("Jour fixe", &["gast@example.org"]).await;
    app.add_user("root@example.org", PASSWORD, true);
    let root = app.signed_in("root@example.org", PASSWORD).await;
    app.add_user("staff@stadt-a.test", PASSWORD, false);
    let staff = app.signed_in("staff@stadt-a.test", PASSWORD).await;
    assert_eq!(staff.get("/admin/privacy").await.status(), 403);
    let response = staff
        .post_form(
            "/admin/privacy/erase",
            &[("email", "gast@example.org"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(response.status(), 403);

    let bad = root
        .post_form("/admin/privacy/erase", &[("email", "not an address")])
        .await;
    assert_eq!(bad.status(), 422);
    let asked = root
        .post_form("/admin/privacy/erase", &[("email", "gast@example.org")])
        .await;
    assert_eq!(asked.status(), 200);
    let page = asked.text().await.unwrap();
    assert!(
        page.contains("Erase every trace of gast@example.org?"),
        "{page}"
    );
    assert!(
        !where_found(&app, "gast@example.org").is_empty(),
        "nothing changed yet"
    );
    let done = root
        .post_form(
            "/admin/privacy/erase",
            &[("email", "gast@example.org"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.status(), 200);
    let page = done.text().await.unwrap();
    assert!(
        page.contains("Every trace of gast@example.org was removed."),
        "{page}"
    );
    assert_eq!(
        where_found(&app, "gast@example.org"),
        Vec::<(String, String)>::new()
    );

    let export = root
        .post_form("/admin/privacy/export", &[("email", "alice@stadt-a.test")])
        .await;
    assert_eq!(export.status(), 200);
    let document: Value = export.json().await.unwrap();
    assert_eq!(document["meetings_organised"][0]["title"], "Jour fixe");
}
