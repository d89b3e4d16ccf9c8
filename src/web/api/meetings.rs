//! `/api/v1/meetings`: plan, list, read, change and cancel meetings, and manage participants.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;

use super::json::ApiJson;
use super::list_query::ListQuery;
use super::meeting_input::{CreateMeeting, UpdateMeeting};
use super::meeting_views::{AddedParticipants, MeetingPage, MeetingView, ParticipantView};
use super::participant_input::{AddParticipants, UpdateParticipant};
use crate::conference;
use crate::db::{AnyConnection, Db};
use crate::digest::sha256_hex;
use crate::domain::{FieldError, IdempotencyKey, parse_recurrence_id};
use crate::error::{AppError, Conflict, FieldErrors};
use crate::meetings::{self, JoinLinks, MeetingDetail, Planned, Repeatable, WhoIsComing};
use crate::web::extractors::api_user::ApiUser;

/// Path of one meeting.
type MeetingPath = web::Path<String>;
/// Path of one participant of one meeting.
type ParticipantPath = web::Path<(String, String)>;

/// Plans a meeting and queues an invitation for every participant.
///
/// With an `Idempotency-Key` header (1 to 255 visible ASCII characters, e.g. a UUID) the
/// request takes effect at most once within 24 hours: sent again with the same key and body, it
/// answers with the meeting the first request created (`Idempotent-Replayed: true`); the same
/// key with another body is refused (422).
#[utoipa::path(
    post, path = "/api/v1/meetings", tag = "meetings",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body create one meeting")),
    request_body = CreateMeeting,
    responses(
        (status = 201, description = "Planned; invitations are queued", body = MeetingView),
        (status = 401, description = "No valid API token"),
        (status = 413, description = "Body too large"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn create(
    req: HttpRequest,
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    ApiJson(body): ApiJson<CreateMeeting>,
) -> Result<HttpResponse, AppError> {
    let repeatable = repeatable(&req, &body)?;
    let body = if body.preset.is_some() {
        let organisation = user.organisation_id.clone();
        let presets = db
            .run(move |conn| conference::room_presets(conn, &organisation))
            .await?;
        body.with_preset(&presets)?
    } else {
        body
    };
    let plan = body.into_plan(&user, Utc::now())?;
    let links = links.into_inner();
    let view_links = links.clone();
    let (planned, who) = db
        .run(move |conn| {
            let planned =
                meetings::plan_meeting_once(conn, &user, plan, &links, repeatable.as_ref())?;
            let detail = match &planned {
                Planned::New(detail) | Planned::Repeated(detail) => detail,
            };
            let who = WhoIsComing::of(conn, detail)?;
            Ok::<_, AppError>((planned, who))
        })
        .await?;
    let (detail, repeated) = match planned {
        Planned::New(detail) => (detail, false),
        Planned::Repeated(detail) => (detail, true),
    };
    let mut response = HttpResponse::Created();
    response.insert_header((
        "Location",
        format!("/api/v1/meetings/{}", detail.meeting.id),
    ));
    if repeated {
        // The first request's meeting, as it is now; nothing was created or sent again.
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.json(MeetingView::detail(&detail, &view_links, &who)))
}

/// The request's `Idempotency-Key` with a fingerprint of the body as parsed (so key order or
/// spacing make no difference, another title does); `None` without the header.
fn repeatable(req: &HttpRequest, body: &CreateMeeting) -> Result<Option<Repeatable>, AppError> {
    let Some(raw) = req.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    let key = raw
        .to_str()
        .map_err(|_| FieldError::new("idempotency_key_invalid"))
        .and_then(IdempotencyKey::parse)
        .map_err(|error| {
            let mut errors = FieldErrors::new();
            errors.add("Idempotency-Key", error);
            AppError::Validation(errors)
        })?;
    let canonical = serde_json::to_string(body)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot fingerprint the request: {e}")))?;
    Ok(Some(Repeatable {
        key,
        fingerprint: sha256_hex(&canonical),
    }))
}

/// The caller's meetings (organized or invited to through their account), earliest first.
#[utoipa::path(
    get, path = "/api/v1/meetings", tag = "meetings",
    params(ListQuery),
    responses(
        (status = 200, description = "One page of meetings", body = MeetingPage),
        (status = 401, description = "No valid API token"),
        (status = 422, description = "A parameter is refused"),
    ),
    security(("api_token" = []))
)]
pub async fn list(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let request = query.into_inner().into_request()?;
    let (page, per_page) = (request.page, request.per_page);
    let viewer = user.clone();
    let (entries, more) = db
        .run(move |conn| {
            meetings::list_meetings(conn, &viewer, request.from, request.to, page, per_page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingPage {
        meetings: entries
            .iter()
            .map(|entry| MeetingView::entry(entry, entry.may_edit(&user), &links))
            .collect(),
        page,
        per_page,
        next_page: more.then_some(page + 1),
    }))
}

/// One meeting with its participants and their join links.
#[utoipa::path(
    get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The meeting", body = MeetingView),
        (status = 404, description = "No such meeting, or not the caller's to see"),
    ),
    security(("api_token" = []))
)]
pub async fn show(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    id: MeetingPath,
) -> Result<HttpResponse, AppError> {
    let (detail, who) = db
        .run(move |conn| {
            let detail = meetings::meeting_for_editor(conn, &user, &id)?;
            with_who(conn, detail)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingView::detail(&detail, &links, &who)))
}

/// The meeting as an iCalendar file (`METHOD:PUBLISH`, same UID and SEQUENCE as the
/// invitations) with the caller's own join link.
#[utoipa::path(
    get, path = "/api/v1/meetings/{id}/invite.ics", tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The calendar file", content_type = "text/calendar", body = String),
        (status = 404, description = "No such meeting, or not the caller's to see"),
    ),
    security(("api_token" = []))
)]
pub async fn calendar_file(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    composer: web::Data<crate::mail::Composer>,
    id: MeetingPath,
) -> Result<HttpResponse, AppError> {
    crate::web::pages::calendar_file::response(user, id.into_inner(), &db, &links, &composer).await
}

/// Changes a meeting; a new time, title or agenda raises the revision and queues updates.
#[utoipa::path(
    patch, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("scope" = Option<String>, Query, description = "`series` (the default: the whole meeting or series) or `following`: this date of a series and all after it"),
        ("recurrence_id" = Option<String>, Query, description = "With `scope=following`: the date's original start in UTC, e.g. 20270105T090000Z"),
    ),
    request_body = UpdateMeeting,
    responses(
        (status = 200, description = "The changed meeting; with `scope=following` the new series that continues from that date (`Location` names it)", body = MeetingView),
        (status = 404, description = "No such meeting or date, or not the caller's to change"),
        (status = 409, description = "The meeting was cancelled"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn update(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    id: MeetingPath,
    scope: web::Query<UpdateScope>,
    ApiJson(body): ApiJson<UpdateMeeting>,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now();
    let following = scope.following()?;
    let service_links = links.clone().into_inner();
    let (detail, split) = db
        .run(move |conn| {
            if let Some(at) = following {
                let meeting = meetings::meeting_for_editor(conn, &user, &id)?.meeting;
                // From the first date on is the whole series.
                if at != meeting.starts_at_utc() {
                    let detail =
                        meetings::change_following(conn, &user, &id, at, &service_links, |rest| {
                            Ok(body.into_changes(rest, now)?)
                        })?;
                    return Ok::<_, AppError>((with_who(conn, detail)?, true));
                }
            }
            let detail = meetings::update_meeting(conn, &user, &id, |meeting| {
                Ok(body.into_changes(meeting, now)?)
            })?;
            Ok((with_who(conn, detail)?, false))
        })
        .await?;
    let (detail, who) = detail;
    let mut response = HttpResponse::Ok();
    if split {
        response.insert_header((
            "Location",
            format!("/api/v1/meetings/{}", detail.meeting.id),
        ));
    }
    Ok(response.json(MeetingView::detail(&detail, &links, &who)))
}

/// A meeting as its editor just got it, with what became of everyone's mail and answers.
fn with_who(
    conn: &mut AnyConnection,
    detail: MeetingDetail,
) -> Result<(MeetingDetail, WhoIsComing), AppError> {
    let who = WhoIsComing::of(conn, &detail)?;
    Ok((detail, who))
}

/// `?scope=series|following&recurrence_id=…` of a change.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct UpdateScope {
    scope: Option<String>,
    recurrence_id: Option<String>,
}

impl UpdateScope {
    /// The date from which on to change, for `scope=following`; `None` for the whole series.
    fn following(&self) -> Result<Option<chrono::DateTime<Utc>>, AppError> {
        let mut errors = FieldErrors::new();
        match self.scope.as_deref().map(str::trim) {
            None | Some("") | Some("series") => return Ok(None),
            Some("following") => {}
            Some(other) => {
                errors.add(
                    "scope",
                    FieldError::new("scope_unknown").with("value", other),
                );
                return Err(AppError::Validation(errors));
            }
        }
        match self.recurrence_id.as_deref().map(parse_recurrence_id) {
            Some(Some(at)) => Ok(Some(at)),
            Some(None) => Err(AppError::NotFound),
            None => {
                errors.add("recurrence_id", FieldError::new("required"));
                Err(AppError::Validation(errors))
            }
        }
    }
}

/// Cancels a meeting: it stays, marked cancelled, and every invitee is told.
#[utoipa::path(
    delete, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The cancelled meeting (cancelling again changes nothing)", body = MeetingView),
        (status = 404, description = "No such meeting, or not the caller's to cancel"),
    ),
    security(("api_token" = []))
)]
pub async fn cancel(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    id: MeetingPath,
) -> Result<HttpResponse, AppError> {
    let (detail, who) = db
        .run(move |conn| {
            let detail = meetings::cancel_meeting(conn, &user, &id)?;
            with_who(conn, detail)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingView::detail(&detail, &links, &who)))
}

/// Invites one person (`{"email": …}`) or several (`{"participants": [...]}`).
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/participants", tag = "participants",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = AddParticipants,
    responses(
        (status = 201, description = "One participant: the participant. Several: `AddedParticipants`", body = ParticipantView),
        (status = 404, description = "No such meeting, or not the caller's to change"),
        (status = 409, description = "Already invited (one participant), meeting cancelled, or over 500 invitees"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn add_participants(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    id: MeetingPath,
    ApiJson(body): ApiJson<AddParticipants>,
) -> Result<HttpResponse, AppError> {
    let single = matches!(body, AddParticipants::One(_));
    let invitees = body.into_invitees()?;
    let service_links = links.clone().into_inner();
    let (added, who) = db
        .run(move |conn| {
            let added = meetings::add_participants(conn, &user, &id, invitees, &service_links)?;
            let who = WhoIsComing::of_people(conn, &added.invited.iter().collect::<Vec<_>>())?;
            Ok::<_, AppError>((added, who))
        })
        .await?;
    if single {
        return match added.invited.first() {
            Some(participant) => {
                Ok(HttpResponse::Created().json(ParticipantView::new(participant, &links, &who)))
            }
            None => Err(AppError::Conflict(Conflict::ParticipantExists)),
        };
    }
    Ok(HttpResponse::Created().json(AddedParticipants {
        participants: added
            .invited
            .iter()
            .map(|p| ParticipantView::new(p, &links, &who))
            .collect(),
        already_invited: added
            .already_invited
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect(),
    }))
}

/// Changes a participant's role, name or language.
#[utoipa::path(
    patch, path = "/api/v1/meetings/{id}/participants/{participant_id}", tag = "participants",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("participant_id" = String, Path, description = "Participant id"),
    ),
    request_body = UpdateParticipant,
    responses(
        (status = 200, description = "The changed participant", body = ParticipantView),
        (status = 404, description = "No such meeting or participant"),
        (status = 409, description = "The meeting was cancelled"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn update_participant(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    path: ParticipantPath,
    ApiJson(body): ApiJson<UpdateParticipant>,
) -> Result<HttpResponse, AppError> {
    let changes = body.into_changes()?;
    let (meeting_id, participant_id) = path.into_inner();
    let (participant, who) = db
        .run(move |conn| {
            let changed =
                meetings::change_participant(conn, &user, &meeting_id, &participant_id, changes)?;
            let who = WhoIsComing::of_people(conn, &[&changed])?;
            Ok::<_, AppError>((changed, who))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ParticipantView::new(&participant, &links, &who)))
}

/// Removes a participant: their link stops working and they are told.
#[utoipa::path(
    delete, path = "/api/v1/meetings/{id}/participants/{participant_id}", tag = "participants",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("participant_id" = String, Path, description = "Participant id"),
    ),
    responses(
        (status = 204, description = "Removed; a cancellation is queued for them"),
        (status = 404, description = "No such meeting or participant"),
        (status = 409, description = "The organizer cannot be removed, or the meeting was cancelled"),
    ),
    security(("api_token" = []))
)]
pub async fn remove_participant(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    path: ParticipantPath,
) -> Result<HttpResponse, AppError> {
    let (meeting_id, participant_id) = path.into_inner();
    db.run(move |conn| meetings::remove_participant(conn, &user, &meeting_id, &participant_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a participant's invitation again.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/participants/{participant_id}/invitation", tag = "participants",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("participant_id" = String, Path, description = "Participant id"),
    ),
    responses(
        (status = 202, description = "The invitation is queued"),
        (status = 404, description = "No such meeting or participant"),
        (status = 409, description = "The meeting was cancelled"),
    ),
    security(("api_token" = []))
)]
pub async fn resend_invitation(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    path: ParticipantPath,
) -> Result<HttpResponse, AppError> {
    let (meeting_id, participant_id) = path.into_inner();
    db.run(move |conn| meetings::resend_invitation(conn, &user, &meeting_id, &participant_id))
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Replaces a participant's join link: the old one stops working at once, and the participant
/// is sent an update carrying the new one.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/participants/{participant_id}/link", tag = "participants",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("participant_id" = String, Path, description = "Participant id"),
    ),
    responses(
        (status = 200, description = "The participant with the new link", body = ParticipantView),
        (status = 404, description = "No such meeting or participant"),
        (status = 409, description = "The meeting was cancelled"),
    ),
    security(("api_token" = []))
)]
pub async fn regenerate_link(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    path: ParticipantPath,
) -> Result<HttpResponse, AppError> {
    let (meeting_id, participant_id) = path.into_inner();
    let minting = links.clone().into_inner();
    let (participant, who) = db
        .run(move |conn| {
            let renewed =
                meetings::regenerate_link(conn, &user, &meeting_id, &participant_id, &minting)?;
            let who = WhoIsComing::of_people(conn, &[&renewed])?;
            Ok::<_, AppError>((renewed, who))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ParticipantView::new(&participant, &links, &who)))
}
