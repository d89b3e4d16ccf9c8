use crate::helpers::TestApp;

#[tokio::test]
async fn liveness_answers_json_without_touching_anything() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz", "en").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readiness_reports_a_working_database() {
    let app = TestApp::spawn().await;
    let response = app.get("/readyz", "en").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"], "ok");
}

/// PostgreSQL only: an SQLite file cannot be taken away from a process that has it open.
#[tokio::test]
async fn readiness_fails_with_503_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    if !app.database.is_postgres() {
        eprintln!("skipped on SQLite: runs with TEST_DATABASE_URL");
        return;
    }
    app.database.drop_now();
    let response = app.get("/readyz", "en").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"]["database"], "unreachable");
    // Liveness does not depend on the database.
    assert_eq!(app.get("/healthz", "en").await.status(), 200);
}
