//! Cities in one installation: accounts land in their organisation, an organisation's
//! administrators see and change only their own accounts, servers, audit entries and outbox,
//! and a server offered to one city is not offered to another. Both backends.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::{Value, json};
use treffpunkt::db::schema::{organisations, outbox_jobs, participants, users};

use crate::helpers::{Browser, TestApp};

const PASSWORD: &str = "correct horse battery staple";

/// Runs `treffpunkt <args>` against the app's database; its standard output, or a panic with
/// its error.
fn cli(app: &TestApp, args: &[&str]) -> String {
    let output = app.command().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "treffpunkt {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Stadt A and Stadt B, each placing the accounts of its own domain.
fn two_cities(app: &TestApp) {
    cli(
        app,
        &[
            "org",
            "add",
            "--name",
            "Stadt A",
            "--slug",
            "stadt-a",
            "--domain",
            "stadt-a.test",
        ],
    );
    cli(
        app,
        &[
            "org",
            "add",
            "--name",
            "Stadt B",
            "--slug",
            "stadt-b",
            "--domain",
            "stadt-b.test",
            "--domain",
            "*.stadt-b.test",
        ],
    );
}

fn organisation_of(app: &TestApp, email: &str) -> String {
    app.with_db(|conn| {
        users::table
            .inner_join(organisations::table)
            .filter(users::email.eq(email))
            .select(organisations::slug)
            .first(conn)
            .unwrap()
    })
}

fn user_id(app: &TestApp, email: &str) -> String {
    app.with_db(|conn| {
        users::table
            .filter(users::email.eq(email))
            .select(users::id)
            .first(conn)
            .unwrap()
    })
}

fn disabled(app: &TestApp, email: &str) -> bool {
    app.with_db(|conn| {
        users::table
            .filter(users::email.eq(email))
            .select(users::disabled_at.is_not_null())
            .first(conn)
            .unwrap()
    })
}

/// Stadt A's administrator, signed in (Anna), beside colleagues in A and B.
async fn anna_of_stadt_a(app: &TestApp) -> Browser {
    two_cities(app);
    app.add_user("anna@stadt-a.test", PASSWORD, false);
    app.add_user("arno@stadt-a.test", PASSWORD, false);
    app.add_user("berta@amt.stadt-b.test", PASSWORD, false);
    cli(
        app,
        &[
            "org",
            "admin",
            "add",
            "--org",
            "stadt-a",
            "--email",
            "anna@stadt-a.test",
        ],
    );
    app.signed_in("anna@stadt-a.test", PASSWORD).await
}

#[tokio::test]
async fn accounts_land_in_their_city_and_the_first_organisation_is_named_from_the_setting() {
    let app = TestApp::spawn_with(&[(
        "TREFFPUNKT_ORGANISATION_NAME",
        "Zweckverband Süd".to_owned(),
    )])
    .await;
    two_cities(&app);
    app.add_user("anna@stadt-a.test", PASSWORD, false);
    app.add_user("berta@amt.stadt-b.test", PASSWORD, false);
    app.add_user("carl@example.org", PASSWORD, false);
    cli(
        &app,
        &[
            "user",
            "add",
            "--email",
            "dora@example.org",
            "--name",
            "Dora",
            "--org",
            "stadt-b",
        ],
    );
    assert_eq!(organisation_of(&app, "anna@stadt-a.test"), "stadt-a");
    assert_eq!(organisation_of(&app, "berta@amt.stadt-b.test"), "stadt-b");
    assert_eq!(
        organisation_of(&app, "carl@example.org"),
        "zweckverband-sud"
    );
    assert_eq!(organisation_of(&app, "dora@example.org"), "stadt-b");

    let listed: Value = serde_json::from_str(&cli(&app, &["org", "list", "--json"])).unwrap();
    let first = listed["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["is_default"] == true)
        .unwrap();
    assert_eq!(first["name"], "Zweckverband Süd");
    assert_eq!(first["members"], 1);
    let b = listed["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["slug"] == "stadt-b")
        .unwrap();
    assert_eq!(b["domains"], json!(["*.stadt-b.test", "stadt-b.test"]));
    assert_eq!(b["members"], 2);

    // Bad input names the flag; a domain belongs to one organisation only.
    let refused = app
        .command()
        .args([
            "org",
            "add",
            "--name",
            "Stadt C",
            "--slug",
            "Stadt C",
            "--domain",
            "stadt-a.test",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("--slug"), "{message}");
    let taken = app
        .command()
        .args([
            "org",
            "add",
            "--name",
            "Stadt C",
            "--slug",
            "stadt-c",
            "--domain",
            "stadt-a.test",
        ])
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&taken.stderr);
    assert!(
        !taken.status.success() && message.contains("--domain") && message.contains("stadt-a.test"),
        "{message}"
    );

    // The API names the caller's organisation.
    let client = app.api_client("emil@stadt-a.test", false);
    let (status, me) = client.get("/api/v1/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["organisation"]["slug"], "stadt-a");
    assert_eq!(me["organisation"]["name"], "Stadt A");
    assert_eq!(me["organisation_admin"], false);
}

#[tokio::test]
async fn an_organisation_administrator_manages_only_their_own_accounts() {
    let app = TestApp::spawn().await;
    let anna = anna_of_stadt_a(&app).await;
    let arno = user_id(&app, "arno@stadt-a.test");
    let berta = user_id(&app, "berta@amt.stadt-b.test");
    app.add_user("root@example.org", PASSWORD, true);
    let root = app.signed_in("root@example.org", PASSWORD).await;

    // The installation's administrator acts on Berta: an audit entry about Stadt B.
    let response = root
        .post_form(&format!("/admin/users/{berta}/disable"), &[])
        .await;
    assert_eq!(response.status(), 303);
    root.post_form(&format!("/admin/users/{berta}/enable"), &[])
        .await;

    // Anna sees Stadt A's accounts only.
    let page = anna.get("/admin/users").await.text().await.unwrap();
    assert!(page.contains("arno@stadt-a.test"), "{page}");
    assert!(!page.contains("berta@amt.stadt-b.test"), "{page}");
    assert!(!page.contains("root@example.org"), "{page}");

    // …changes them…
    let response = anna
        .post_form(&format!("/admin/users/{arno}/disable"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert!(disabled(&app, "arno@stadt-a.test"));
    let response = anna
        .post_form(
            &format!("/admin/users/{arno}/grant-organisation-admin"),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303);

    // …but nobody else's, and never the installation's role.
    for action in ["disable", "grant-organisation-admin"] {
        let response = anna
            .post_form(&format!("/admin/users/{berta}/{action}"), &[])
            .await;
        assert_eq!(response.status(), 403, "{action} on Stadt B's account");
    }
    assert!(!disabled(&app, "berta@amt.stadt-b.test"));
    let response = anna
        .post_form(&format!("/admin/users/{arno}/grant-admin"), &[])
        .await;
    assert_eq!(response.status(), 403);
    let response = anna
        .post_form(
            "/admin/users/move",
            &[("user", &arno), ("organisation", "stadt-b")],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(organisation_of(&app, "arno@stadt-a.test"), "stadt-a");
    assert_eq!(anna.get("/admin/organisations").await.status(), 403);

    // Accounts she creates are Stadt A's, whatever their address; no administrators.
    let response = anna
        .post_form(
            "/admin/users",
            &[
                ("email", "gast@example.org"),
                ("display_name", "Gast"),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
                ("organisation", "stadt-b"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = anna
        .post_form(
            "/admin/users",
            &[
                ("email", "gast@example.org"),
                ("display_name", "Gast"),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
                ("is_admin", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = anna
        .post_form(
            "/admin/users",
            &[
                ("email", "gast@example.org"),
                ("display_name", "Gast"),
                ("language", "de"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(organisation_of(&app, "gast@example.org"), "stadt-a");

    // Her audit log holds what happened to Stadt A's people, not to Berta.
    let audit = anna.get("/admin/audit").await.text().await.unwrap();
    assert!(audit.contains("Account disabled"), "{audit}");
    assert!(audit.contains("arno@stadt-a.test"), "{audit}");
    assert!(!audit.contains("berta@amt.stadt-b.test"), "{audit}");
    let everything = root.get("/admin/audit").await.text().await.unwrap();
    assert!(
        everything.contains("berta@amt.stadt-b.test"),
        "{everything}"
    );

    // The installation's administrator moves an account; its organisation role stays behind.
    let response = root
        .post_form(
            "/admin/users/move",
            &[("user", &arno), ("organisation", "stadt-b")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(organisation_of(&app, "arno@stadt-a.test"), "stadt-b");
    let still_admin: bool = app.with_db(|conn| {
        users::table
            .find(&arno)
            .select(users::organisation_admin)
            .first(conn)
            .unwrap()
    });
    assert!(!still_admin);

    // Staff are no administrators at all.
    app.add_user("emma@stadt-a.test", PASSWORD, false);
    let emma = app.signed_in("emma@stadt-a.test", PASSWORD).await;
    assert_eq!(emma.get("/admin/users").await.status(), 403);
}

/// Adds a server by the command line, offered to `orgs` (all when empty); its id.
fn server(app: &TestApp, name: &str, orgs: &[&str]) -> String {
    let url = format!("https://{}.example", name.to_lowercase().replace(' ', "-"));
    cli(app, &["server", "add", "--name", name, "--url", &url]);
    if !orgs.is_empty() {
        let mut args = vec!["server", "offer", name];
        for org in orgs {
            args.extend(["--org", org]);
        }
        cli(app, &args);
    }
    app.with_db(|conn| {
        treffpunkt::db::schema::jitsi_servers::table
            .filter(treffpunkt::db::schema::jitsi_servers::name.eq(name))
            .select(treffpunkt::db::schema::jitsi_servers::id)
            .first(conn)
            .unwrap()
    })
}

#[tokio::test]
async fn a_city_plans_on_its_own_servers_and_manages_only_those() {
    let app = TestApp::spawn().await;
    let anna = anna_of_stadt_a(&app).await;
    let shared = server(&app, "Gemeinsam", &[]);
    let server_a = server(&app, "Jitsi A", &["stadt-a"]);
    let server_b = server(&app, "Jitsi B", &["stadt-b"]);
    let alice = app.api_client("alice@stadt-a.test", false);

    // The shared server is the installation's default.
    let meeting = alice.plan("Jour fixe", &["bob@example.org"]).await;
    assert_eq!(meeting["server_id"], shared.as_str());
    // Another city's server reads as unknown.
    let (status, refused) = alice
        .post(
            "/api/v1/meetings",
            json!({"title": "Falsch", "starts_at": crate::api_client::tomorrow_at("10:00"),
                   "duration_minutes": 30, "server_id": server_b}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        refused["error"]["field_codes"]["server_id"],
        "server_unknown"
    );
    let form = anna.get("/meetings/new").await.text().await.unwrap();
    assert!(
        form.contains("Jitsi A") && form.contains("Gemeinsam"),
        "{form}"
    );
    assert!(!form.contains("Jitsi B"), "{form}");

    // Anna sees the servers offered to Stadt A, and changes only Stadt A's own.
    let page = anna.get("/admin/servers").await.text().await.unwrap();
    assert!(
        page.contains("Jitsi A") && page.contains("Gemeinsam"),
        "{page}"
    );
    assert!(!page.contains("Jitsi B"), "{page}");
    assert_eq!(
        anna.get(&format!("/admin/servers/{server_a}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        anna.get(&format!("/admin/servers/{shared}")).await.status(),
        403
    );
    assert_eq!(
        anna.get(&format!("/admin/servers/{server_b}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        anna.get(&format!("/admin/servers/{server_b}/hooks"))
            .await
            .status(),
        404
    );
    for (id, status) in [(&shared, 403), (&server_b, 404)] {
        let response = anna
            .post_form(&format!("/admin/servers/{id}/retire"), &[])
            .await;
        assert_eq!(response.status(), status);
    }

    // Her "default" is Stadt A's default: Stadt A's meetings go there, Stadt B's do not.
    let response = anna
        .post_form(&format!("/admin/servers/{server_a}/default"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let meeting = alice.plan("Auf Jitsi A", &[]).await;
    assert_eq!(meeting["server_id"], server_a.as_str());
    let bruno = app.api_client("bruno@stadt-b.test", false);
    let meeting = bruno.plan("In Stadt B", &[]).await;
    assert_eq!(meeting["server_id"], shared.as_str());
    let response = anna
        .post_form(&format!("/admin/servers/{server_b}/default"), &[])
        .await;
    assert_eq!(response.status(), 404);

    // A server she adds is Stadt A's alone.
    let response = anna
        .post_form(
            "/admin/servers",
            &[
                ("name", "Jitsi A2"),
                ("base_url", "https://a2.example"),
                ("token_mode", "none"),
                ("organisations", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = bruno_admin_servers(&app).await;
    assert!(!page.contains("Jitsi A2"), "{page}");
}

/// Stadt B's administrator's server page.
async fn bruno_admin_servers(app: &TestApp) -> String {
    app.add_user("chef@stadt-b.test", PASSWORD, false);
    cli(
        app,
        &[
            "org",
            "admin",
            "add",
            "--org",
            "stadt-b",
            "--email",
            "chef@stadt-b.test",
        ],
    );
    let chef = app.signed_in("chef@stadt-b.test", PASSWORD).await;
    chef.get("/admin/servers").await.text().await.unwrap()
}

#[tokio::test]
async fn a_city_sees_the_outbox_of_its_own_meetings() {
    let app = TestApp::spawn().await;
    let anna = anna_of_stadt_a(&app).await;
    let alice = app.api_client("alice@stadt-a.test", false);
    let bruno = app.api_client("bruno@stadt-b.test", false);
    alice.plan("Stadt A plant", &["gast-a@example.org"]).await;
    bruno.plan("Stadt B plant", &["gast-b@example.org"]).await;
    // Both invitations failed for good.
    app.with_db(|conn| {
        conn.batch_execute(
            "UPDATE outbox_jobs SET state = 'failed', last_error = '550 no such mailbox', \
             finished_at = created_at WHERE kind = 'mail.invitation'",
        )
        .unwrap();
    });
    let job_of = |email: &str| -> String {
        app.with_db(|conn| {
            outbox_jobs::table
                .inner_join(
                    participants::table.on(outbox_jobs::subject_id.eq(participants::id.nullable())),
                )
                .filter(participants::email.eq(email))
                .select(outbox_jobs::id)
                .first(conn)
                .unwrap()
        })
    };
    let page = anna.get("/admin/outbox").await.text().await.unwrap();
    assert!(page.contains("gast-a@example.org"), "{page}");
    assert!(!page.contains("gast-b@example.org"), "{page}");
    let foreign = job_of("gast-b@example.org");
    let response = anna
        .post_form(&format!("/admin/outbox/{foreign}/retry"), &[])
        .await;
    assert_eq!(response.status(), 404);
    let own = job_of("gast-a@example.org");
    let response = anna
        .post_form(&format!("/admin/outbox/{own}/retry"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let states: Vec<String> = app.with_db(|conn| {
        outbox_jobs::table
            .filter(outbox_jobs::id.eq_any([&own, &foreign]))
            .order(outbox_jobs::id.eq(&own).desc())
            .select(outbox_jobs::state)
            .load(conn)
            .unwrap()
    });
    assert_eq!(states, ["pending", "failed"]);
}

#[tokio::test]
async fn the_installation_administrator_adds_and_edits_organisations_in_the_browser() {
    let app = TestApp::spawn().await;
    app.add_user("root@example.org", PASSWORD, true);
    let root = app.signed_in("root@example.org", PASSWORD).await;
    let response = root
        .post_form(
            "/admin/organisations",
            &[
                ("name", "Stadt A"),
                ("slug", "stadt a"),
                ("domains", "stadt-a.test, nicht gültig"),
                ("idp_hint", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Use 2 to 40 lower-case letters"), "{page}");
    assert!(page.contains("is not a domain"), "{page}");
    assert!(
        page.contains(r#"value="stadt-a.test, nicht gültig""#),
        "{page}"
    );
    let response = root
        .post_form(
            "/admin/organisations",
            &[
                ("name", "Stadt A"),
                ("slug", "stadt-a"),
                ("domains", "stadt-a.test"),
                ("idp_hint", "stadt-a"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let id: String = app.with_db(|conn| {
        organisations::table
            .filter(organisations::slug.eq("stadt-a"))
            .select(organisations::id)
            .first(conn)
            .unwrap()
    });
    let response = root
        .post_form(
            &format!("/admin/organisations/edit?id={id}"),
            &[
                ("name", "Stadt A (Rathaus)"),
                ("slug", "stadt-a"),
                ("domains", "stadt-a.test, *.stadt-a.test"),
                ("idp_hint", "stadt-a"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let list = root.get("/admin/organisations").await.text().await.unwrap();
    assert!(list.contains("Stadt A (Rathaus)"), "{list}");
    assert!(list.contains("*.stadt-a.test"), "{list}");
    app.add_user("amt@bau.stadt-a.test", PASSWORD, false);
    assert_eq!(organisation_of(&app, "amt@bau.stadt-a.test"), "stadt-a");
}
