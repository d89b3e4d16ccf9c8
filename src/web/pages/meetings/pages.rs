//! Planning, showing, editing and cancelling a meeting in the browser.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::coming::Coming;
use super::form::MeetingForm;
use super::meeting_page::{notice, render_meeting};
use super::repeat::SeriesPreview;
use super::view::{MeetingView, ServerOption};
use crate::accounts::User;
use crate::conference;
use crate::db::{AnyConnection, Db};
use crate::domain::{Series, TimeZone};
use crate::error::{AppError, Conflict, FieldErrors};
use crate::jitsi;
use crate::mail::Composer;
use crate::meetings::{self, JoinLinks, MeetingDetail, WhoIsComing};
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::SignedIn;
use crate::web::templates::Templates;

type MeetingId = web::Path<String>;

/// `?like=<meeting id>`: plan a meeting like an earlier one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    like: Option<String>,
}

/// The form for a new meeting; blank, or like an earlier one the user may edit.
pub async fn new_form(
    signed_in: SignedIn,
    query: web::Query<NewQuery>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let form = match query.into_inner().like.filter(|id| !id.is_empty()) {
        Some(earlier) => {
            let user = signed_in.user.clone();
            let detail = db
                .run(move |conn| meetings::meeting_for_editor(conn, &user, &earlier))
                .await?;
            MeetingForm::similar(&detail, Utc::now())
        }
        None => MeetingForm::blank(&signed_in.user, Utc::now()),
    };
    render_form(&signed_in, &db, &templates, None, &form, None).await
}

/// Plans the meeting and goes to its page.
pub async fn create(
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<MeetingForm>,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    if !form.preset.is_empty() {
        return apply_preset(&signed_in, &db, &templates, None, &form).await;
    }
    let mut plan = match form.plan(Utc::now()) {
        Ok(plan) => plan,
        Err(errors) => {
            return render_form(&signed_in, &db, &templates, None, &form, Some(&errors)).await;
        }
    };
    if form.preview.is_some() {
        let preview = plan
            .series
            .as_ref()
            .map(|series| preview_for(&signed_in, series));
        return render_form_with(&signed_in, &db, &templates, None, &form, None, preview).await;
    }
    let user = signed_in.user.clone();
    let links = links.into_inner();
    let like = Some(form.like.trim().to_owned()).filter(|id| !id.is_empty());
    let outcome = db
        .run(move |conn| {
            if let Some(earlier) = like {
                meetings::like_earlier(conn, &user, &earlier, &mut plan.invitees)?;
            }
            meetings::plan_meeting(conn, &user, plan, &links)
        })
        .await;
    match outcome {
        Ok(detail) => {
            notice(&signed_in, "meeting-created")?;
            Ok(see_other(&format!("/meetings/{}", detail.meeting.id)))
        }
        Err(AppError::Validation(errors)) => {
            render_form(&signed_in, &db, &templates, None, &form, Some(&errors)).await
        }
        Err(other) => Err(other),
    }
}

/// A meeting with its participants and their join links.
pub async fn show(
    signed_in: SignedIn,
    id: MeetingId,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    render_meeting(&signed_in, &db, &links, &templates, &id, None).await
}

/// The meeting as a calendar file, with the viewer's own join link.
pub async fn calendar_file(
    signed_in: SignedIn,
    id: MeetingId,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    composer: web::Data<Composer>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    super::super::calendar_file::response(user, id.into_inner(), &db, &links, &composer).await
}

/// The form filled with the meeting's values.
pub async fn edit_form(
    signed_in: SignedIn,
    id: MeetingId,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.into_inner();
    let detail = db
        .run(move |conn| meetings::meeting_for_editor(conn, &user, &id))
        .await?;
    if detail.meeting.is_cancelled() {
        return Err(AppError::Conflict(Conflict::MeetingCancelled));
    }
    let form = MeetingForm::of(&detail.meeting);
    render_form(
        &signed_in,
        &db,
        &templates,
        Some(&detail.meeting.id),
        &form,
        None,
    )
    .await
}

/// Saves the edited meeting; invitees are told if anything they see changed.
pub async fn update(
    signed_in: SignedIn,
    id: MeetingId,
    CsrfForm(form): CsrfForm<MeetingForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.into_inner();
    let meeting_id = id.clone();
    let submitted = form.clone();
    let now = Utc::now();
    if !form.preset.is_empty() {
        let (user, meeting_id) = (user.clone(), meeting_id.clone());
        db.run(move |conn| meetings::meeting_for_editor(conn, &user, &meeting_id))
            .await?;
        return apply_preset(&signed_in, &db, &templates, Some(&id), &form).await;
    }
    if form.preview.is_some() {
        let detail = db
            .run(move |conn| meetings::meeting_for_editor(conn, &user, &meeting_id))
            .await?;
        return match form.changes(&detail.meeting, now) {
            Ok(changes) => {
                let series = match changes.series {
                    Some(series) => series,
                    None => detail.meeting.series(),
                };
                let preview = series.as_ref().map(|s| preview_for(&signed_in, s));
                render_form_with(&signed_in, &db, &templates, Some(&id), &form, None, preview).await
            }
            Err(errors) => {
                render_form(&signed_in, &db, &templates, Some(&id), &form, Some(&errors)).await
            }
        };
    }
    let outcome = db
        .run(move |conn| {
            meetings::update_meeting(conn, &user, &meeting_id, |meeting| {
                Ok(submitted.changes(meeting, now)?)
            })
        })
        .await;
    match outcome {
        Ok(_) => {
            notice(&signed_in, "meeting-saved")?;
            Ok(see_other(&format!("/meetings/{id}")))
        }
        Err(AppError::Validation(errors)) => {
            render_form(&signed_in, &db, &templates, Some(&id), &form, Some(&errors)).await
        }
        Err(other) => Err(other),
    }
}

/// Asks whether to really cancel.
pub async fn cancel_confirm(
    signed_in: SignedIn,
    id: MeetingId,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.into_inner();
    let detail = db
        .run(move |conn| meetings::meeting_for_editor(conn, &user, &id))
        .await?;
    let viewer = &signed_in.viewer;
    // The cancel page asks a question; who is coming is not part of it.
    let nobody = WhoIsComing::default();
    let coming = Coming {
        who: &nobody,
        locale: viewer.locale,
        zone: TimeZone::default(),
    };
    let view = CancelPage {
        meeting: MeetingView::new(&detail, &signed_in.user, viewer.locale, &links, &coming),
    };
    templates.render_page(viewer, "meeting_cancel.html", &view)
}

#[derive(Serialize)]
struct CancelPage {
    meeting: MeetingView,
}

/// Cancels the meeting; every invitee is told.
pub async fn cancel(
    signed_in: SignedIn,
    id: MeetingId,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    change_and_show(
        signed_in,
        id,
        &db,
        meetings::cancel_meeting,
        "meeting-cancelled",
    )
    .await
}

/// Moves the meeting to a new room (servers without tokens: after removing someone).
pub async fn new_room(
    signed_in: SignedIn,
    id: MeetingId,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    change_and_show(
        signed_in,
        id,
        &db,
        meetings::move_to_new_room,
        "meeting-new-room-done",
    )
    .await
}

/// A whole-meeting change by the signed-in user, then the meeting page with `notice`.
async fn change_and_show(
    signed_in: SignedIn,
    id: MeetingId,
    db: &Db,
    change: fn(&mut AnyConnection, &User, &str) -> Result<MeetingDetail, AppError>,
    notice_key: &str,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.into_inner();
    let meeting_id = id.clone();
    db.run(move |conn| change(conn, &user, &meeting_id)).await?;
    notice(&signed_in, notice_key)?;
    Ok(see_other(&format!("/meetings/{id}")))
}

async fn render_form(
    signed_in: &SignedIn,
    db: &Db,
    templates: &Templates,
    meeting_id: Option<&str>,
    form: &MeetingForm,
    errors: Option<&FieldErrors>,
) -> Result<HttpResponse, AppError> {
    render_form_with(signed_in, db, templates, meeting_id, form, errors, None).await
}

/// The form, with the series' rule in words and next dates when "Show the dates" was pressed.
async fn render_form_with(
    signed_in: &SignedIn,
    db: &Db,
    templates: &Templates,
    meeting_id: Option<&str>,
    form: &MeetingForm,
    errors: Option<&FieldErrors>,
    preview: Option<SeriesPreview>,
) -> Result<HttpResponse, AppError> {
    let organisation = signed_in.user.organisation_id.clone();
    let (servers, presets) = db
        .run(move |conn| {
            Ok((
                jitsi::server_choices(conn, &organisation)?,
                conference::room_presets(conn, &organisation)?,
            ))
        })
        .await?;
    let viewer = &signed_in.viewer;
    let view = FormPage {
        form,
        meeting_id,
        servers: servers.into_iter().map(ServerOption::from).collect(),
        presets: presets
            .iter()
            .map(|p| PresetButton {
                key: p.key(),
                name: p.preset.name.clone(),
                server: p.server_name.clone(),
            })
            .collect(),
        errors: errors.map_or(json!({}), |e| form_errors(e, viewer.locale)),
        preview,
    };
    let mut response = templates.render_page(viewer, "meeting_form.html", &view)?;
    if errors.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The series' rule and next dates as the signed-in person reads them.
fn preview_for(signed_in: &SignedIn, series: &Series) -> SeriesPreview {
    let zone = TimeZone::parse(&signed_in.user.time_zone).unwrap_or_else(|_| series.zone());
    SeriesPreview::of(series, signed_in.viewer.locale, zone, series.first_start())
}

#[derive(Serialize)]
struct FormPage<'a> {
    form: &'a MeetingForm,
    /// `None` while planning a new meeting.
    meeting_id: Option<&'a str>,
    servers: Vec<ServerOption>,
    errors: Value,
    /// The series as it would be saved: its rule in words and next dates.
    preview: Option<SeriesPreview>,
    /// The servers' presets of room settings, one button each.
    presets: Vec<PresetButton>,
}

/// A preset's button on the meeting form.
#[derive(Serialize)]
struct PresetButton {
    /// `<server id>/<name>`.
    key: String,
    name: String,
    /// The server it belongs to (applying it picks that server).
    server: String,
}

/// The form with a preset applied (nothing saved), or with the preset refused by name.
async fn apply_preset(
    signed_in: &SignedIn,
    db: &Db,
    templates: &Templates,
    meeting_id: Option<&str>,
    form: &MeetingForm,
) -> Result<HttpResponse, AppError> {
    let organisation = signed_in.user.organisation_id.clone();
    let presets = db
        .run(move |conn| conference::room_presets(conn, &organisation))
        .await?;
    match form.with_preset(&presets) {
        Some(applied) => render_form(signed_in, db, templates, meeting_id, &applied, None).await,
        None => {
            let mut errors = FieldErrors::new();
            errors.add(
                "preset",
                crate::domain::FieldError::new("preset_unknown")
                    .with("name", &form.preset)
                    .with(
                        "known",
                        presets
                            .iter()
                            .map(|p| p.preset.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            );
            render_form(signed_in, db, templates, meeting_id, form, Some(&errors)).await
        }
    }
}
