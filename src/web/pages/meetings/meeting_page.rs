//! The meeting page, rendered after every change made on it and when a change is refused.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

use chrono::Utc;

use super::attendance::AttendanceLine;
use super::coming::Coming;
use super::form::AddForm;
use super::lobby::{WaitingView, waiting_views};
use super::presence::running_now;
use super::view::MeetingView;
use crate::conference::{self, Attendee, DialIn, DialInLines};
use crate::db::AnyConnection;
use crate::db::Db;
use crate::domain::TimeZone;
use crate::error::{AppError, FieldErrors};
use crate::jitsi;
use crate::joining;
use crate::meetings::{self, JoinLinks, WhoIsComing};
use crate::web::client::form_errors;
use crate::web::extractors::viewer::SignedIn;
use crate::web::session;
use crate::web::templates::Templates;

/// A one-time confirmation on the next page.
pub(super) fn notice(signed_in: &SignedIn, key: &str) -> Result<(), AppError> {
    session::set_notice(&signed_in.viewer.session, key)
}

/// The meeting page; `add_form` brings back a refused "invite people" form.
pub(super) async fn render_meeting(
    signed_in: &SignedIn,
    db: &Db,
    links: &JoinLinks,
    templates: &Templates,
    id: &str,
    add_form: Option<(&AddForm, &FieldErrors)>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let meeting_id = id.to_owned();
    let (detail, checks_tokens, who, waiting, room) = db
        .run(move |conn| {
            let detail = meetings::meeting_for_editor(conn, &user, &meeting_id)?;
            let checks_tokens =
                jitsi::server_checks_tokens(conn, detail.meeting.jitsi_server_id.as_deref())?;
            let who = WhoIsComing::of(conn, &detail)?;
            meetings::failures_seen(conn, &user, &detail, &who.deliveries)?;
            let waiting = if detail.meeting.lobby_enabled {
                joining::waiting_list(conn, &user, &meeting_id)?.1
            } else {
                Vec::new()
            };
            let room = RoomFacts::read(conn, &detail.meeting.id)?;
            Ok((detail, checks_tokens, who, waiting, room))
        })
        .await?;
    let (waiting, lobby_seen) = waiting_views(&waiting, signed_in);
    let viewer = &signed_in.viewer;
    let (add, add_errors) = match add_form {
        Some((form, errors)) => (form.clone(), form_errors(errors, viewer.locale)),
        None => (AddForm::blank(), json!({})),
    };
    let zone = TimeZone::parse(&signed_in.user.time_zone).unwrap_or_default();
    let coming = Coming {
        who: &who,
        locale: viewer.locale,
        zone,
    };
    let view = MeetingPage {
        meeting: MeetingView::new(&detail, &signed_in.user, viewer.locale, links, &coming),
        add,
        add_errors,
        open_room: checks_tokens == Some(false),
        waiting,
        lobby_seen,
        notice_key: session::take_notice(&viewer.session),
        dial_in: room.dial_in.as_ref().map(|d| d.lines(viewer.locale)),
        running_now: running_now(room.present, viewer.locale),
        attendance: room
            .attendance
            .iter()
            .map(|a| AttendanceLine::new(a, viewer.locale, zone))
            .collect(),
    };
    let mut response = templates.render_page(viewer, "meeting.html", &view)?;
    if add_form.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Serialize)]
struct MeetingPage {
    meeting: MeetingView,
    /// The "invite people" form, blank or as refused.
    add: AddForm,
    add_errors: Value,
    /// The meeting's server checks no tokens: offer a new room.
    open_room: bool,
    /// Who waits in the waiting room now (lobby on).
    waiting: Vec<WaitingView>,
    /// Who waits, as the script compares it.
    lobby_seen: String,
    notice_key: Option<String>,
    /// How to join by phone, when the server has dial-in.
    dial_in: Option<DialInLines>,
    /// "Running now · 4 people"; empty when nobody is in the room.
    running_now: String,
    /// Who was in the room.
    attendance: Vec<AttendanceLine>,
}

/// What the video server told and what it offers: the way in by phone, who is in the room now
/// and who was.
struct RoomFacts {
    dial_in: Option<DialIn>,
    present: Option<i64>,
    attendance: Vec<Attendee>,
}

impl RoomFacts {
    fn read(conn: &mut AnyConnection, meeting_id: &str) -> Result<RoomFacts, AppError> {
        let now = Utc::now().naive_utc();
        Ok(RoomFacts {
            dial_in: conference::dial_in_of_meeting(conn, meeting_id)?,
            present: conference::present_now(conn, &[meeting_id], now)?
                .get(meeting_id)
                .copied(),
            attendance: conference::attendance(conn, meeting_id, now)?,
        })
    }
}
