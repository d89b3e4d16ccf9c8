//! A series planned, previewed, and changed one date at a time with the browser forms; the
//! meeting page and the dashboard show its rule and dates.

use crate::helpers::{Browser, TestApp};

const PASSWORD: &str = "correct horse battery staple";

async fn staff(app: &TestApp, email: &str) -> Browser {
    app.add_user(email, PASSWORD, false);
    app.signed_in(email, PASSWORD).await
}

const SERIES: [(&str, &str); 12] = [
    ("title", "Dienstbesprechung"),
    ("date", "2027-01-05"),
    ("start_time", "10:00"),
    ("end_date", "2027-01-05"),
    ("end_time", "11:00"),
    ("time_zone", "Europe/Berlin"),
    ("join_minutes_before", "15"),
    ("invitees", "bob@example.org"),
    ("repeat", "weekly"),
    ("repeat_interval", "2"),
    ("repeat_end", "until"),
    ("repeat_until", "2027-06-30"),
];

#[tokio::test]
async fn a_series_is_previewed_planned_and_changed_one_date_at_a_time_in_the_browser() {
    let app = TestApp::spawn().await;
    let alice = staff(&app, "alice@city-a.test").await;

    // "Show the dates": the rule in words and the first dates, nothing saved.
    let mut fields = SERIES.to_vec();
    fields.push(("preview", "1"));
    let response = alice.post_form("/meetings", &fields).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("every 2 weeks on Tuesday, until 30 June 2027"),
        "{html}"
    );
    assert!(
        html.contains("Tue, 5 Jan 2027, 10:00–11:00 (CET)"),
        "{html}"
    );
    assert!(
        html.contains("Tue, 19 Jan 2027, 10:00–11:00 (CET)"),
        "{html}"
    );
    assert!(app.outbox().is_empty(), "a preview saves nothing");

    // A rule that does not fit the first date is refused at the field.
    let mut wrong = SERIES.to_vec();
    wrong.push(("repeat_we", "on"));
    let response = alice.post_form("/meetings", &wrong).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("The first meeting must fall on one of the series"),
        "{html}"
    );

    // Saved: the page shows the rule and the dates, each with its actions.
    let response = alice.post_form("/meetings", &SERIES).await;
    assert_eq!(response.status(), 303);
    let page = response.headers()["location"].to_str().unwrap().to_owned();
    let html = alice.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("Repeats every 2 weeks on Tuesday, until 30 June 2027."),
        "{html}"
    );
    assert!(html.contains("/dates/20270119T090000Z/cancel"), "{html}");

    // Cancel one date: the series goes on, the date shows as cancelled.
    let response = alice
        .post_form(&format!("{page}/dates/20270119T090000Z/cancel"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.outbox_of("mail.cancellation").len(), 1);

    // Change another: its own time and title.
    let form = alice
        .get(&format!("{page}/dates/20270202T090000Z"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("value=\"2027-02-02\""), "{form}");
    let response = alice
        .post_form(
            &format!("{page}/dates/20270202T090000Z"),
            &[
                ("title", "Dienstbesprechung (Haushalt)"),
                ("date", "2027-02-03"),
                ("start_time", "14:00"),
                ("end_date", "2027-02-03"),
                ("end_time", "15:30"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(app.outbox_of("mail.update").len(), 1);
    let html = alice.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("Wed, 3 Feb 2027, 14:00–15:30 (CET) · Dienstbesprechung (Haushalt)"),
        "{html}"
    );
    assert!(html.contains("Changed"), "{html}");

    // The dashboard lists the dates, marked as a series, the changed one with its own title,
    // the cancelled one as cancelled.
    let dashboard = alice.get("/").await.text().await.unwrap();
    assert!(dashboard.matches(">Series<").count() >= 10, "{dashboard}");
    assert!(
        dashboard.contains("Dienstbesprechung (Haushalt)"),
        "{dashboard}"
    );
    assert!(dashboard.contains("Tue, 19 Jan 2027"), "{dashboard}");
    assert!(dashboard.contains("meeting-item--cancelled"), "{dashboard}");

    // The edit form shows the rule as saved.
    let edit = alice
        .get(&format!("{page}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        edit.contains("<option value=\"weekly\" selected>"),
        "{edit}"
    );
    assert!(edit.contains("value=\"2027-06-30\""), "{edit}");

    // This date and all following at 11:00: the series ends before it, a new one continues.
    let response = alice
        .post_form(
            &format!("{page}/dates/20270302T090000Z"),
            &[
                ("title", "Dienstbesprechung"),
                ("date", "2027-03-02"),
                ("start_time", "11:00"),
                ("end_date", "2027-03-02"),
                ("end_time", "12:00"),
                ("description", ""),
                ("following", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let rest = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        !rest.starts_with(&format!("{page}#")),
        "a new series: {rest}"
    );
    let html = alice.get(&rest).await.text().await.unwrap();
    assert!(
        html.contains("Repeats every 2 weeks on Tuesday, until 30 June 2027."),
        "{html}"
    );
    assert!(
        html.contains("Tue, 16 Mar 2027, 11:00–12:00 (CET)"),
        "{html}"
    );
    let html = alice.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("Repeats every 2 weeks on Tuesday, until 1 March 2027."),
        "{html}"
    );

    // Someone else cannot touch a date.
    let mallory = staff(&app, "mallory@city-b.test").await;
    let response = mallory
        .post_form(&format!("{page}/dates/20270216T090000Z/cancel"), &[])
        .await;
    assert_eq!(response.status(), 404);
}
