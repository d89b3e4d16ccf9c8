//! Each city's look: its administrators set an accent colour (white text must read on it), a
//! logo (a PNG or a script-free SVG), legal pages and mail texts; its people's pages, and the
//! join page and mails of the meetings they organise, wear them. Both backends.

use std::time::Duration;

use diesel::prelude::*;
use reqwest::multipart::{Form, Part};
use treffpunkt::db::schema::organisations;

use crate::helpers::{Browser, TestApp};
use crate::join::link_of;
use crate::mail::{app_sending_to, to};
use crate::polls::text_of;
use crate::smtp::SmtpServer;

const PASSWORD: &str = "correct horse battery staple";
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" height="10" fill="#0b5cad"/></svg>"##;

fn cli(app: &TestApp, args: &[&str]) {
    let output = app.command().args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
}

fn organisation_id(app: &TestApp, slug: &str) -> String {
    app.with_db(|conn| {
        organisations::table
            .filter(organisations::slug.eq(slug))
            .select(organisations::id)
            .first(conn)
            .unwrap()
    })
}

async fn upload(browser: &Browser, path: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    let token = browser.csrf_token("/").await;
    let form = Form::new().text("csrf_token", token).part(
        "logo",
        Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    browser
        .client
        .post(format!("{}{path}", browser.address))
        .header("Accept-Language", "en")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The page with the slashes Tera escapes in attributes read back as slashes.
fn unescaped(html: String) -> String {
    html.replace("&#x2F;", "/")
}

fn attribute(html: &str, prefix: &str) -> Option<String> {
    let start = html.find(prefix)? + prefix.len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}

#[tokio::test]
async fn a_city_brands_its_pages_join_pages_and_mails() {
    let smtp = SmtpServer::start();
    let app = app_sending_to(&smtp.url(), &[]).await;
    for (name, slug) in [("Stadt A", "stadt-a"), ("Stadt B", "stadt-b")] {
        cli(
            &app,
            &[
                "org",
                "add",
                "--name",
                name,
                "--slug",
                slug,
                "--domain",
                &format!("{slug}.test"),
            ],
        );
    }
    app.add_user("anna@stadt-a.test", PASSWORD, false);
    cli(
        &app,
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
    let anna = app.signed_in("anna@stadt-a.test", PASSWORD).await;
    let a = organisation_id(&app, "stadt-a");
    let b = organisation_id(&app, "stadt-b");
    let branding = format!("/admin/branding?organisation={a}");

    // A colour white text does not read on, and addresses that are no web pages, are refused.
    let refused = anna
        .post_form(
            &branding,
            &[("accent_colour", "#777777"), ("imprint_url", "impressum")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = unescaped(refused.text().await.unwrap());
    assert!(page.contains("contrast of 4.48:1"), "{page}");
    assert!(page.contains("starting with https://"), "{page}");
    let saved = anna
        .post_form(
            &branding,
            &[
                ("accent_colour", "#0b5cad"),
                ("imprint_url", "https://stadt-a.example/impressum"),
                ("privacy_url", "https://stadt-a.example/datenschutz"),
                (
                    "accessibility_url",
                    "https://stadt-a.example/barrierefreiheit",
                ),
                ("mail_footer_de", "Stadt A · Amt für Digitales"),
                ("mail_footer_en", "City of A · Digital office"),
                ("invitation_intro_en", "The Digitalrat meets online."),
                ("data_stays_claim", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    // Another city's branding is not hers.
    assert_eq!(
        anna.get(&format!("/admin/branding?organisation={b}"))
            .await
            .status(),
        403
    );

    // A logo that runs scripts is refused; a plain one is served for good, sandboxed.
    let script = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
    let refused = upload(
        &anna,
        &format!("/admin/branding/logo?organisation={a}"),
        "x.svg",
        script.as_bytes(),
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("contains scripts"));
    let uploaded = upload(
        &anna,
        &format!("/admin/branding/logo?organisation={a}"),
        "logo.svg",
        LOGO.as_bytes(),
    )
    .await;
    assert_eq!(uploaded.status(), 303);
    let forged = Form::new().part(
        "logo",
        Part::bytes(LOGO.as_bytes().to_vec()).file_name("l.svg"),
    );
    let forged = anna
        .client
        .post(format!(
            "{}/admin/branding/logo?organisation={a}",
            app.address
        ))
        .multipart(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "an upload without the CSRF token");

    // Her pages wear it: logo, colour, legal links, the claim.
    let settings = unescaped(anna.get("/settings").await.text().await.unwrap());
    let logo = attribute(&settings, r#"class="brand__logo" src=""#).expect("the logo is shown");
    let css = attribute(&settings, r#"<link rel="stylesheet" href="/branding/"#)
        .map(|rest| format!("/branding/{rest}"))
        .expect("the accent stylesheet is linked");
    assert!(
        settings.contains(r#"href="https://stadt-a.example/impressum""#),
        "{settings}"
    );
    assert!(settings.contains("Your data stays on the servers of Stadt A."));
    let served = app.browser().get(&logo).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(served.text().await.unwrap(), LOGO);
    let stylesheet = app.browser().get(&css).await.text().await.unwrap();
    assert!(
        stylesheet.contains("--color-primary: #0b5cad"),
        "{stylesheet}"
    );

    // Stadt B's people see none of it.
    app.add_user("bert@stadt-b.test", PASSWORD, false);
    let bert = app.signed_in("bert@stadt-b.test", PASSWORD).await;
    let settings = unescaped(bert.get("/settings").await.text().await.unwrap());
    assert!(
        !settings.contains(&logo) && !settings.contains("stadt-a.example"),
        "{settings}"
    );

    // A meeting Anna organises: its join page (for anyone) and its invitation wear Stadt A.
    let alice = app.api_client("alice@stadt-a.test", false);
    let meeting = alice.plan("Digitalrat", &["gast@example.org"]).await;
    let join = unescaped(
        app.browser()
            .get(&link_of(&meeting, "gast@example.org"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(join.contains(&logo), "{join}");
    assert!(
        join.contains("https://stadt-a.example/datenschutz"),
        "{join}"
    );
    let messages = smtp.wait_for(1, Duration::from_secs(10)).await;
    let invitation = to(&messages, "gast@example.org");
    let text = text_of(&invitation[0]);
    assert!(text.contains("City of A · Digital office"), "{text}");
    assert!(
        text.contains("Imprint: https://stadt-a.example/impressum"),
        "{text}"
    );
    assert!(text.contains("The Digitalrat meets online."), "{text}");
}
