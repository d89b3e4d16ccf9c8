//! The meeting both load generators plan: tomorrow at 10:00 UTC, an agenda with a link, and 20
//! invitees spread over nine cities (two of them have accounts in bench/meetings.sh).

use serde_json::json;

/// The JSON body of `POST /api/v1/meetings`.
pub fn meeting_body() -> String {
    let starts_at = (chrono::Utc::now() + chrono::TimeDelta::days(1)).format("%Y-%m-%dT10:00:00Z");
    let participants: Vec<_> = (0..20)
        .map(|n| json!({"email": format!("person{n}@city-{}.example", n % 9), "name": format!("Person {n}")}))
        .collect();
    json!({
        "title": "Lastprobe",
        "description": "Tagesordnung\n1. Begrüßung\n2. https://wiki.example.org/lastprobe",
        "starts_at": starts_at.to_string(),
        "duration_minutes": 60,
        "participants": participants,
    })
    .to_string()
}
