//! A script's view of the JSON API: a staff account with an API token, and the outbox it fills.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::Value;
use treffpunkt::accounts::{self, User};
use treffpunkt::db::schema::outbox_jobs;
use treffpunkt::domain::TokenName;

use crate::helpers::TestApp;

/// Calls the API with one account's token.
#[derive(Clone)]
pub struct ApiClient {
    pub user: User,
    address: String,
    token: String,
    client: reqwest::Client,
}

/// One queued job as the mail worker will read it.
#[derive(Debug, Clone)]
pub struct QueuedJob {
    pub kind: String,
    pub payload: Value,
}

impl TestApp {
    /// A staff account (created now) calling the API with its own token.
    pub fn api_client(&self, email: &str, is_admin: bool) -> ApiClient {
        let user = self.add_user(email, "correct horse battery staple", is_admin);
        let token = self.with_db(|conn| {
            accounts::create_api_token(conn, &user.id, &TokenName::parse("tests").unwrap(), None)
                .unwrap()
                .secret
        });
        ApiClient {
            user,
            address: self.address.clone(),
            token,
            client: self.client.clone(),
        }
    }

    /// Every job in the outbox, oldest first.
    pub fn outbox(&self) -> Vec<QueuedJob> {
        self.with_db(|conn| {
            outbox_jobs::table
                .order((outbox_jobs::created_at, outbox_jobs::id))
                .select((outbox_jobs::kind, outbox_jobs::payload))
                .load::<(String, String)>(conn)
                .unwrap()
                .into_iter()
                .map(|(kind, payload)| QueuedJob {
                    kind,
                    payload: serde_json::from_str(&payload).unwrap(),
                })
                .collect()
        })
    }

    /// The mails of one kind to invitees (the organizer's own copies are left out).
    pub fn outbox_of(&self, kind: &str) -> Vec<QueuedJob> {
        let organizers = self.organizer_entries();
        self.outbox()
            .into_iter()
            .filter(|j| j.kind == kind)
            .filter(|j| !organizers.contains(j.payload["participant_id"].as_str().unwrap_or("")))
            .collect()
    }

    /// The organizers' own copies of one kind.
    pub fn organizer_copies(&self, kind: &str) -> Vec<QueuedJob> {
        let organizers = self.organizer_entries();
        self.outbox()
            .into_iter()
            .filter(|j| j.kind == kind)
            .filter(|j| organizers.contains(j.payload["participant_id"].as_str().unwrap_or("")))
            .collect()
    }

    fn organizer_entries(&self) -> std::collections::HashSet<String> {
        use treffpunkt::db::schema::participants;
        self.with_db(|conn| {
            participants::table
                .filter(participants::is_organizer.eq(true))
                .select(participants::id)
                .load::<String>(conn)
                .unwrap()
                .into_iter()
                .collect()
        })
    }
}

impl ApiClient {
    /// Sends a request with an optional JSON body; answers the status and the JSON body (or Null).
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(&self.token)
            .header("Accept-Language", "en");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        (status, json)
    }

    /// A request with the token and nothing else, for bodies that are not JSON.
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(Method::DELETE, path, None).await
    }

    /// Plans a meeting tomorrow at 09:00 UTC for an hour, inviting `emails`; panics unless 201.
    pub async fn plan(&self, title: &str, emails: &[&str]) -> Value {
        let participants: Vec<Value> = emails
            .iter()
            .map(|e| serde_json::json!({"email": e}))
            .collect();
        let (status, meeting) = self
            .post(
                "/api/v1/meetings",
                serde_json::json!({
                    "title": title,
                    "starts_at": tomorrow_at("09:00"),
                    "duration_minutes": 60,
                    "participants": participants,
                }),
            )
            .await;
        assert_eq!(status, 201, "{meeting}");
        meeting
    }

    /// Plans a weekly series of `count` meetings of `minutes` in Europe/Berlin, from tomorrow
    /// at `time`, inviting `emails`.
    pub async fn plan_weekly(
        &self,
        title: &str,
        time: &str,
        minutes: i64,
        count: u32,
        emails: &[&str],
    ) -> Value {
        let participants: Vec<Value> = emails
            .iter()
            .map(|e| serde_json::json!({"email": e}))
            .collect();
        let (status, series) = self
            .post(
                "/api/v1/meetings",
                serde_json::json!({
                    "title": title,
                    "starts_at": tomorrow_at(time),
                    "duration_minutes": minutes,
                    "timezone": "Europe/Berlin",
                    "recurrence": {"frequency": "weekly", "count": count},
                    "participants": participants,
                }),
            )
            .await;
        assert_eq!(status, 201, "{series}");
        series
    }
}

/// Tomorrow at `hh:mm` UTC, in RFC 3339.
pub fn tomorrow_at(time: &str) -> String {
    let day = chrono::Utc::now().date_naive() + chrono::TimeDelta::days(1);
    format!("{day}T{time}:00Z")
}
