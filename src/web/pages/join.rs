//! The join page behind every personal link: `GET /j/<token>` shows the meeting and asks for
//! a name; `POST /j/<token>` mints the room token and sends the browser into the room.
//!
//! Unknown and revoked tokens get the same 404 and count against the client's address and the
//! link's beginning; past either limit the answer is 429 (`joining::UnknownLinks`). A valid link
//! is always let through, and joins that succeed never count.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_SECURITY_POLICY, ContentType, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;

use crate::attempts::Blocked;
use crate::conference::{self, DialIn};
use crate::db::{AnyConnection, Db};
use crate::domain::{DisplayName, PartStat, Role};
use crate::error::{AppError, FieldErrors};
use crate::joining::{
    self, Admission, Entrance, JoinOutcome, JoinPageFacts, JoinState, LobbyBell, LobbyState,
};
use crate::web::brandings::Brandings;
use crate::web::client::{client_ip, form_errors};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::Viewer;
use crate::web::middleware::security_headers::content_security_policy;
use crate::web::templates::Templates;
use crate::when;

mod view;

use view::{JoinMeetingView, JoinPage, Opening, Overtime, ReplyLink};

/// Join tokens are 43 characters of URL-safe base64; anything else cannot be one.
const TOKEN_LEN: usize = 43;

/// A waiting page reloads itself at most this often, and right when the window opens.
const MAX_REFRESH_SECONDS: i64 = 60;

/// The join page.
pub async fn page(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    entrance: web::Data<Entrance>,
    brandings: web::Data<Brandings>,
) -> Result<HttpResponse, AppError> {
    let (admission, facts) = with_admission(&req, &db, &entrance, &token, |conn, admission| {
        let facts = page_facts(conn, &admission)?;
        Ok((admission, facts))
    })
    .await?;
    let name = admission.suggested_name();
    let viewer = organizers_look(viewer, &brandings, &db, &facts).await?;
    render(
        &viewer,
        &templates,
        &PageInput {
            token: &token,
            admission: &admission,
            facts: &facts,
            name: &name,
            errors: &FieldErrors::new(),
            after_post: false,
            lobby: None,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JoinForm {
    name: String,
}

/// Joins: `303` into the room with a fresh token, or the page again saying why not.
#[allow(clippy::too_many_arguments)]
pub async fn join(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<JoinForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    entrance: web::Data<Entrance>,
    brandings: web::Data<Brandings>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let path_token = token.clone();
    let ip = client_ip(&req);
    if !plausible(&token) {
        return Err(malformed(&db, &entrance, ip).await);
    }
    let name = DisplayName::parse(&form.name);
    let mut errors = FieldErrors::new();
    if let Err(error) = &name {
        errors.add("name", error.clone());
    }
    let minting = entrance.clone();
    // Look-up and signing both run off the async threads: RSA signing takes a millisecond.
    let posted = db
        .run(move |conn| {
            let (found, lobby) = match &name {
                Ok(name) => match joining::join(conn, &minting, &token, name, Utc::now())? {
                    Some(JoinOutcome::Enter(url)) => return Ok(Ok(Posted::Enter(url))),
                    Some(JoinOutcome::Waiting(admission)) => {
                        return Ok(Ok(Posted::Waiting(admission.meeting.id.clone())));
                    }
                    Some(JoinOutcome::Refused(admission)) => (Some(*admission), None),
                    Some(JoinOutcome::Declined(admission)) => {
                        (Some(*admission), Some(LobbyState::Declined))
                    }
                    None => (None, None),
                },
                Err(_) => (joining::admission(conn, &minting, &token)?, None),
            };
            let Some(refused) = found else {
                return Ok(Err(minting.unknown_links.count(conn, &ip, Some(&token))?));
            };
            let facts = page_facts(conn, &refused)?;
            Ok(Ok(Posted::Page(Box::new(refused), facts, lobby)))
        })
        .await?
        .map_err(refusal)?;
    match posted {
        Posted::Enter(url) => Ok(see_other_to(&url)),
        Posted::Waiting(meeting_id) => {
            // Moderators' pages on this instance wake now; other instances hear the NOTIFY.
            entrance.bell.ring(Some(meeting_id));
            Ok(see_other_to(&format!("/j/{path_token}/wait")))
        }
        Posted::Page(admission, facts, lobby) => render(
            &organizers_look(viewer, &brandings, &db, &facts).await?,
            &templates,
            &PageInput {
                token: &path_token,
                admission: &admission,
                facts: &facts,
                name: &form.name,
                errors: &errors,
                after_post: true,
                lobby,
            },
        ),
    }
}

/// What a join form led to.
enum Posted {
    /// Into the room.
    Enter(String),
    /// Into the waiting room of this meeting.
    Waiting(String),
    /// The page again: not now, the name was refused, or not let in.
    Page(
        Box<Admission>,
        (JoinPageFacts, Option<DialIn>),
        Option<LobbyState>,
    ),
}

/// The waiting room: while waiting, the page says so and reloads itself (a script asks
/// `…/wait/state` so it notices at once); once let in, the next look goes into the room with a
/// token minted then; if declined, the page says so.
pub async fn wait(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    entrance: web::Data<Entrance>,
    brandings: web::Data<Brandings>,
) -> Result<HttpResponse, AppError> {
    let (admission, lobby, facts) =
        with_admission(&req, &db, &entrance, &token, |conn, admission| {
            let lobby = joining::lobby_state(conn, &admission.participant.id)?;
            let facts = page_facts(conn, &admission)?;
            Ok((admission, lobby, facts))
        })
        .await?;
    let now = Utc::now();
    let open = admission.state(now) == JoinState::Open;
    match lobby {
        // Never asked, or the meeting is no longer open: the join page says what is what.
        None => Ok(see_other_to(&format!("/j/{token}"))),
        Some((LobbyState::Admitted, name)) if open => {
            Ok(see_other_to(&joining::enter(&admission, &name, now)?))
        }
        Some((state, name)) => render(
            &organizers_look(viewer, &brandings, &db, &facts).await?,
            &templates,
            &PageInput {
                token: &token,
                admission: &admission,
                facts: &facts,
                name: &name,
                errors: &FieldErrors::new(),
                after_post: false,
                lobby: open.then_some(state),
            },
        ),
    }
}

/// How long a waiting page's question may be held open before it is answered "still waiting".
const LONG_POLL: std::time::Duration = std::time::Duration::from_secs(20);

/// `{"state": "waiting" | "admitted" | "declined" | "none"}` for the waiting page's script;
/// while waiting, held open until a moderator decides (or 20 s pass), so admission reaches
/// the browser at once.
pub async fn wait_state(
    req: HttpRequest,
    token: web::Path<String>,
    db: web::Data<Db>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    // Listening starts before the first look, so a decision in between is not missed. A ring
    // may be about something else (someone else asking): look again until decided or late.
    let mut listening = entrance.bell.listen();
    let deadline = tokio::time::Instant::now() + LONG_POLL;
    let look = || {
        with_admission(&req, &db, &entrance, &token, |conn, admission| {
            let state =
                joining::lobby_state(conn, &admission.participant.id)?.map(|(state, _)| state);
            Ok((admission.meeting.id, state))
        })
    };
    let (meeting_id, mut state) = look().await?;
    while state == Some(LobbyState::Waiting) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() {
            break;
        }
        LobbyBell::wait(&mut listening, &meeting_id, left).await;
        state = look().await?.1;
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "state": state.map_or("none", LobbyState::as_str) })))
}

/// Looks the link up and runs `then` with its admission on the same connection. A token that
/// cannot exist, or one that is unknown or revoked, is counted against the client and answered
/// as not found (or 429 past the limits), the same for all.
pub(super) async fn with_admission<T: Send + 'static>(
    req: &HttpRequest,
    db: &Db,
    entrance: &web::Data<Entrance>,
    token: &str,
    then: impl FnOnce(&mut AnyConnection, Admission) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let ip = client_ip(req);
    if !plausible(token) {
        return Err(malformed(db, entrance, ip).await);
    }
    let (looking, link) = (entrance.clone(), token.to_owned());
    db.run(move |conn| {
        let Some(admission) = joining::admission(conn, &looking, &link)? else {
            return Ok(Err(looking.unknown_links.count(conn, &ip, Some(&link))?));
        };
        Ok(Ok(then(conn, admission)?))
    })
    .await?
    .map_err(refusal)
}

/// `303 See Other` to `location`.
fn see_other_to(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, location))
        .finish()
}

/// Whether the text can be a join token at all; anything else is refused without a look-up.
fn plausible(token: &str) -> bool {
    token.len() == TOKEN_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Counts a token that cannot exist (against the address only: it has no beginning worth
/// counting); the answer is the same as for one not found.
async fn malformed(db: &Db, entrance: &web::Data<Entrance>, ip: String) -> AppError {
    let counting = entrance.clone();
    match db
        .run(move |conn| counting.unknown_links.count(conn, &ip, None))
        .await
    {
        Ok(blocked) => refusal(blocked),
        Err(error) => error,
    }
}

/// Unknown, revoked and malformed links look the same to the client: 404, or 429 once its
/// address or the link's beginning has failed too often.
fn refusal(blocked: Option<Blocked>) -> AppError {
    blocked.map_or(AppError::NotFound, AppError::from)
}

/// The join page's facts, with the way in by phone.
/// The join page wears the branding of the organizer's organisation, whoever opens it.
async fn organizers_look(
    viewer: Viewer,
    brandings: &Brandings,
    db: &Db,
    facts: &(JoinPageFacts, Option<DialIn>),
) -> Result<Viewer, AppError> {
    let branding = brandings.of(db, &facts.0.organisation_id).await?;
    Ok(Viewer { branding, ..viewer })
}

fn page_facts(
    conn: &mut AnyConnection,
    admission: &Admission,
) -> Result<(JoinPageFacts, Option<DialIn>), AppError> {
    let facts = joining::page_facts(conn, admission)?;
    let dial_in = conference::dial_in_of_meeting(conn, &admission.meeting.id)?;
    Ok((facts, dial_in))
}

/// What the join page shows.
#[derive(Clone, Copy)]
struct PageInput<'a> {
    /// The link's token (the reply links carry it).
    token: &'a str,
    admission: &'a Admission,
    facts: &'a (JoinPageFacts, Option<DialIn>),
    /// The name in the form.
    name: &'a str,
    errors: &'a FieldErrors,
    /// A refused join answers with the status that says why.
    after_post: bool,
    /// Where they stand in the waiting room, if they asked to be let in.
    lobby: Option<LobbyState>,
}

/// A waiting page without script reloads this often; with it, admission shows at once.
const LOBBY_REFRESH_SECONDS: i64 = 3;

/// The page for one admission: the meeting's facts, its state now, and the name form.
fn render(
    viewer: &Viewer,
    templates: &Templates,
    input: &PageInput<'_>,
) -> Result<HttpResponse, AppError> {
    let PageInput {
        token,
        admission,
        facts,
        name,
        errors,
        after_post,
        lobby,
    } = *input;
    let (facts, dial_in) = facts;
    let locale = viewer.locale;
    let meeting = &admission.meeting;
    let now = Utc::now();
    let state = admission.state(now);
    let mut opens = None;
    let (state_name, status, refresh) = match state {
        // In the waiting room: the page reloads itself until a moderator decides (its script
        // notices sooner).
        JoinState::Open if lobby == Some(LobbyState::Waiting) => {
            ("lobby", StatusCode::OK, Some(LOBBY_REFRESH_SECONDS))
        }
        JoinState::Open if lobby == Some(LobbyState::Declined) => {
            ("declined", StatusCode::FORBIDDEN, None)
        }
        JoinState::Open if errors.is_empty() => ("open", StatusCode::OK, None),
        JoinState::Open => ("open", StatusCode::UNPROCESSABLE_ENTITY, None),
        JoinState::NotYetOpen { opens_at } => {
            let seconds = (opens_at - now).num_seconds();
            let (wait_key, wait_count) = when::wait(seconds);
            opens = Some(Opening {
                at: when::moment(locale, opens_at.naive_utc(), facts.zone),
                wait_key,
                wait_count,
            });
            let status = if after_post {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::OK
            };
            // Reload when the window opens (a second late, so it is open by then).
            let refresh = (seconds + 1).clamp(1, MAX_REFRESH_SECONDS);
            ("waiting", status, Some(refresh))
        }
        JoinState::Ended => ("ended", StatusCode::GONE, None),
        JoinState::Cancelled => ("cancelled", StatusCode::GONE, None),
    };
    // Past the planned end but within the grace: say until when one can still come in.
    let overtime =
        (state == JoinState::Open && now >= meeting.ends_at.and_utc()).then(|| Overtime {
            planned_end: when::clock(meeting.ends_at, facts.zone),
            closes: when::clock(admission.closes_at().naive_utc(), facts.zone),
        });
    // A series: dates cancelled alone that the link would open now, and the date it opens.
    let cancelled_dates: Vec<String> = admission
        .cancelled_dates
        .iter()
        .map(|date| {
            when::span(
                locale,
                date.starts_at.naive_utc(),
                date.ends_at.naive_utc(),
                facts.zone,
            )
        })
        .collect();
    // Invitees answer here (the organizer has no invitation to answer); for a series, for the
    // date the page shows.
    let open_to_answer = !admission.participant.is_organizer
        && matches!(state, JoinState::Open | JoinState::NotYetOpen { .. });
    let replies = if open_to_answer {
        let date = admission
            .date
            .map(|d| format!("&date={}", crate::domain::recurrence_id_text(d)))
            .unwrap_or_default();
        PartStat::ALL
            .into_iter()
            .map(|answer| ReplyLink {
                answer: answer.slug(),
                url: format!("/j/{token}/reply?answer={}{date}", answer.slug()),
            })
            .collect()
    } else {
        Vec::new()
    };
    let view = JoinPage {
        replies,
        cancelled_dates,
        meeting: JoinMeetingView {
            title: &meeting.title,
            when: when::span(locale, meeting.starts_at, meeting.ends_at, facts.zone),
            moderator: admission.participant.role == Role::Moderator,
            lobby: meeting.lobby_enabled,
        },
        organizer_name: &facts.organizer_name,
        state: state_name,
        opens,
        overtime,
        refresh_seconds: refresh,
        name,
        errors: form_errors(errors, locale),
        no_server: admission.server.is_none(),
        dial_in: dial_in.as_ref().map(|d| d.lines(locale)),
        open_room: admission
            .server
            .as_ref()
            .is_some_and(|server| !server.checks_tokens()),
    };
    let body = templates.render_view(viewer, "join.html", &view)?;
    // The form's answer is a redirect to the Jitsi server, and browsers hold redirects after a
    // form to `form-action` too.
    let server_origin = admission.server.as_ref().and_then(|server| server.origin());
    let policy = content_security_policy(server_origin.as_deref());
    let mut response = HttpResponse::build(status);
    response
        .content_type(ContentType::html())
        .insert_header((CONTENT_SECURITY_POLICY, policy));
    // Waiting for the window: a header, so it works the same without any script. In the
    // waiting room the page's script notices the decision, and only pages without script
    // reload (a <noscript> refresh), so focus and screen readers are left alone.
    if let Some(seconds) = refresh.filter(|_| state_name != "lobby") {
        response.insert_header(("Refresh", seconds.to_string()));
    }
    Ok(response.body(body))
}
