//! The waiting room as moderators see it: who waits, with *Let in* and *Decline* for each and
//! for everyone at once; on the meeting page, and on a compact page (`/meetings/{id}/lobby`)
//! to keep open beside Jitsi. The page reloads itself; its script notices changes at once.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::{self, Db};
use crate::error::AppError;
use crate::joining::{self, Decision, Entrance, LobbyBell, LobbyEntry};
use crate::web::client::see_other;
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::SignedIn;
use crate::web::session;
use crate::web::templates::Templates;
use crate::when;

type MeetingId = web::Path<String>;

/// A compact page without script reloads this often.
const REFRESH_SECONDS: u32 = 5;
/// How long a "has anything changed?" question may be held open.
const LONG_POLL: std::time::Duration = std::time::Duration::from_secs(20);

/// One waiting person as the lists show them.
#[derive(Debug, Serialize)]
pub struct WaitingView {
    pub participant_id: String,
    pub name: String,
    pub email: String,
    /// Since when, as the moderator reads time.
    pub since: String,
}

/// The waiting people as the pages show them, and the fingerprint the script compares.
pub fn waiting_views(entries: &[LobbyEntry], signed_in: &SignedIn) -> (Vec<WaitingView>, String) {
    let zone = crate::domain::TimeZone::parse(&signed_in.user.time_zone).unwrap_or_default();
    let views = entries
        .iter()
        .map(|entry| WaitingView {
            participant_id: entry.participant_id.clone(),
            name: entry.name.clone(),
            email: entry.email.clone(),
            since: when::clock(entry.asked_at, zone),
        })
        .collect();
    (views, seen(entries))
}

/// Who waits, as one string: it changes exactly when the list does.
fn seen(entries: &[LobbyEntry]) -> String {
    entries
        .iter()
        .map(|entry| entry.participant_id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The compact waiting-room page.
pub async fn page(
    signed_in: SignedIn,
    id: MeetingId,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let meeting_id = id.into_inner();
    let looking = meeting_id.clone();
    let (meeting, entries) = db
        .run(move |conn| joining::waiting_list(conn, &user, &looking))
        .await?;
    let title = meeting.title;
    let (waiting, seen) = waiting_views(&entries, &signed_in);
    let view = LobbyPage {
        meeting_id: &meeting_id,
        title: &title,
        waiting,
        seen,
        refresh_seconds: REFRESH_SECONDS,
        notice_key: session::take_notice(&signed_in.viewer.session),
    };
    templates.render_page(&signed_in.viewer, "lobby.html", &view)
}

#[derive(Serialize)]
struct LobbyPage<'a> {
    meeting_id: &'a str,
    title: &'a str,
    waiting: Vec<WaitingView>,
    seen: String,
    /// Without script, the page reloads itself this often.
    refresh_seconds: u32,
    notice_key: Option<String>,
}

/// A decision from the lists: one person (`participant_id`) or everyone waiting (none), and
/// the page to return to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    participant_id: Option<String>,
    /// `lobby` for the compact page, else the meeting page.
    back: String,
}

/// Lets one person in, or everyone waiting.
pub async fn admit(
    signed_in: SignedIn,
    id: MeetingId,
    CsrfForm(form): CsrfForm<DecisionForm>,
    db: web::Data<Db>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    decide(signed_in, id, form, &db, &entrance, Decision::Admit).await
}

/// Declines one person, or everyone waiting.
pub async fn decline(
    signed_in: SignedIn,
    id: MeetingId,
    CsrfForm(form): CsrfForm<DecisionForm>,
    db: web::Data<Db>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    decide(signed_in, id, form, &db, &entrance, Decision::Decline).await
}

async fn decide(
    signed_in: SignedIn,
    id: MeetingId,
    form: DecisionForm,
    db: &Db,
    entrance: &Entrance,
    decision: Decision,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let meeting_id = id.into_inner();
    let deciding = meeting_id.clone();
    let whom = form.participant_id.filter(|id| !id.is_empty());
    db.run(move |conn| {
        joining::decide(conn, &user, &deciding, whom.as_deref(), decision, db::now())
    })
    .await?;
    // Waiting pages on this instance learn at once; other instances hear the NOTIFY.
    entrance.bell.ring(Some(meeting_id.clone()));
    let notice = match decision {
        Decision::Admit => "lobby-admitted",
        Decision::Decline => "lobby-declined",
    };
    session::set_notice(&signed_in.viewer.session, notice)?;
    Ok(match form.back.as_str() {
        "lobby" => see_other(&format!("/meetings/{meeting_id}/lobby")),
        _ => see_other(&format!("/meetings/{meeting_id}#lobby")),
    })
}

/// The list the page showed (`seen`), compared with who waits now.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangesQuery {
    seen: String,
}

/// `{"changed": bool}` for the lists' script: held open until who waits differs from `seen`
/// (or 20 s pass).
pub async fn changes(
    signed_in: SignedIn,
    id: MeetingId,
    query: web::Query<ChangesQuery>,
    db: web::Data<Db>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let meeting_id = id.into_inner();
    let mut listening = entrance.bell.listen();
    let deadline = tokio::time::Instant::now() + LONG_POLL;
    let mut changed = waiting_now(&db, &signed_in, &meeting_id).await? != query.seen;
    while !changed {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            break;
        }
        LobbyBell::wait(&mut listening, &meeting_id, left).await;
        changed = waiting_now(&db, &signed_in, &meeting_id).await? != query.seen;
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "changed": changed })))
}

async fn waiting_now(db: &Db, signed_in: &SignedIn, meeting_id: &str) -> Result<String, AppError> {
    let user = signed_in.user.clone();
    let meeting_id = meeting_id.to_owned();
    let (_, entries) = db
        .run(move |conn| joining::waiting_list(conn, &user, &meeting_id))
        .await?;
    Ok(seen(&entries))
}
