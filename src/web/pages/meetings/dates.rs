//! One date of a series in the browser: change it alone, or cancel it alone. Each is a form
//! POST with a CSRF token; invitees get that date's update or cancellation.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::form::parse_time;
use super::meeting_page::notice;
use crate::domain::{
    Description, FieldError, MeetingTitle, Schedule, local_instant, parse_recurrence_id,
};
use crate::error::{AppError, FieldErrors};
use crate::meetings::{
    self, JoinLinks, Meeting, MeetingChanges, Occurrence, OccurrenceChanges, occurrence_at,
    series_after,
};
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::SignedIn;
use crate::web::templates::Templates;

type DatePath = web::Path<(String, String)>;

/// The date form as typed: wall-clock times in the meeting's zone.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct DateForm {
    pub title: String,
    pub description: String,
    pub date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    /// Ticked (`on`): this date and all following change (a new series from here on).
    pub following: Option<String>,
}

impl DateForm {
    /// The form filled with one date of `meeting`.
    fn of(meeting: &Meeting, date: &Occurrence) -> DateForm {
        let zone = meeting.zone().tz();
        let start = date.starts_at.with_timezone(&zone);
        let end = date.ends_at.with_timezone(&zone);
        DateForm {
            title: date.title(meeting).to_owned(),
            description: date
                .description
                .clone()
                .unwrap_or_else(|| meeting.description.clone()),
            date: start.format("%Y-%m-%d").to_string(),
            start_time: start.format("%H:%M").to_string(),
            end_date: end.format("%Y-%m-%d").to_string(),
            end_time: end.format("%H:%M").to_string(),
            following: None,
        }
    }

    /// The changes to the series that continues from this date (`rest`: that series, its
    /// first meeting the date), or every refused field. Its rule stays, checked against the
    /// moved first meeting.
    fn changes_from_here(&self, rest: &Meeting) -> Result<MeetingChanges, AppError> {
        let first = occurrence_at(rest, &[], rest.starts_at_utc()).ok_or(AppError::NotFound)?;
        let date = self.changes(rest, &first)?;
        let series = series_after(rest, date.schedule.as_ref(), None).map_err(|error| {
            let mut errors = FieldErrors::new();
            errors.add("date", error);
            AppError::Validation(errors)
        })?;
        Ok(MeetingChanges {
            title: date.title,
            description: date.description,
            schedule: date.schedule,
            series,
            ..MeetingChanges::default()
        })
    }

    /// The changes to `date` of `meeting`, or every refused field.
    fn changes(
        &self,
        meeting: &Meeting,
        date: &Occurrence,
    ) -> Result<OccurrenceChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let zone = meeting.zone();
        let title = errors.check("title", MeetingTitle::parse(&self.title));
        let description = errors.check("description", Description::parse(&self.description));
        let day = |raw: &str| {
            NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
                .map_err(|_| FieldError::new("date_invalid"))
        };
        let start_day = errors.check("date", day(&self.date));
        let end_day = match self.end_date.trim() {
            "" => start_day,
            raw => errors.check("end_date", day(raw)),
        };
        let start_time = errors.check("start_time", parse_time(&self.start_time));
        let end_time = errors.check("end_time", parse_time(&self.end_time));
        let mut schedule = None;
        if let (Some(start_day), Some(end_day), Some(start_time), Some(end_time)) =
            (start_day, end_day, start_time, end_time)
        {
            let starts_at = errors.check("start_time", local_instant(start_day, start_time, zone));
            let ends_at = errors.check("end_time", local_instant(end_day, end_time, zone));
            if let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) {
                let keep_past_start = starts_at == date.starts_at;
                schedule = errors.check_schedule(
                    Schedule::new(starts_at, ends_at, zone, Utc::now(), keep_past_start),
                    "start_time",
                    "end_time",
                );
            }
        }
        match (title, description, schedule) {
            (Some(title), Some(description), Some(schedule)) if errors.is_empty() => {
                Ok(OccurrenceChanges {
                    title: Some(title),
                    description: Some(description),
                    schedule: Some(schedule),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The form to change one date.
pub async fn edit_form(
    signed_in: SignedIn,
    path: DatePath,
    db: web::Data<crate::db::Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let at = parse_recurrence_id(&raw).ok_or(AppError::NotFound)?;
    let user = signed_in.user.clone();
    let detail = db
        .run(move |conn| meetings::meeting_for_editor(conn, &user, &id))
        .await?;
    let date = occurrence_at(&detail.meeting, &detail.exceptions, at).ok_or(AppError::NotFound)?;
    let form = DateForm::of(&detail.meeting, &date);
    render(&signed_in, &templates, &detail.meeting, &raw, &form, None)
}

/// Saves one date changed alone; its invitees are told about that date.
pub async fn update(
    signed_in: SignedIn,
    path: DatePath,
    CsrfForm(form): CsrfForm<DateForm>,
    db: web::Data<crate::db::Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let at = parse_recurrence_id(&raw).ok_or(AppError::NotFound)?;
    let user = signed_in.user.clone();
    let (meeting_id, submitted) = (id.clone(), form.clone());
    let links = links.into_inner();
    let outcome = db
        .run(move |conn| {
            if submitted.following.is_none() {
                meetings::change_occurrence(conn, &user, &meeting_id, at, |meeting, date| {
                    Ok(submitted.changes(meeting, date)?)
                })?;
                return Ok(meeting_id);
            }
            let meeting = meetings::meeting_for_editor(conn, &user, &meeting_id)?.meeting;
            // From the first date on, the whole series changes.
            if at == meeting.starts_at_utc() {
                meetings::update_meeting(conn, &user, &meeting_id, |meeting| {
                    submitted.changes_from_here(meeting)
                })?;
                return Ok(meeting_id);
            }
            let rest = meetings::change_following(conn, &user, &meeting_id, at, &links, |rest| {
                submitted.changes_from_here(rest)
            })?;
            Ok::<_, AppError>(rest.meeting.id)
        })
        .await;
    match outcome {
        Ok(shown) => {
            notice(&signed_in, "meeting-date-saved")?;
            Ok(see_other(&format!("/meetings/{shown}#dates")))
        }
        Err(AppError::Validation(errors)) => {
            let user = signed_in.user.clone();
            let detail = db
                .run(move |conn| meetings::meeting_for_editor(conn, &user, &id))
                .await?;
            render(
                &signed_in,
                &templates,
                &detail.meeting,
                &raw,
                &form,
                Some(&errors),
            )
        }
        Err(other) => Err(other),
    }
}

/// Cancels one date alone; its invitees are told, the series goes on.
pub async fn cancel(
    signed_in: SignedIn,
    path: DatePath,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<crate::db::Db>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let at = parse_recurrence_id(&raw).ok_or(AppError::NotFound)?;
    let user = signed_in.user.clone();
    let meeting_id = id.clone();
    db.run(move |conn| meetings::cancel_occurrence(conn, &user, &meeting_id, at))
        .await?;
    notice(&signed_in, "meeting-date-cancelled")?;
    Ok(see_other(&format!("/meetings/{id}#dates")))
}

fn render(
    signed_in: &SignedIn,
    templates: &Templates,
    meeting: &Meeting,
    recurrence_id: &str,
    form: &DateForm,
    errors: Option<&FieldErrors>,
) -> Result<HttpResponse, AppError> {
    let viewer = &signed_in.viewer;
    let view = DatePage {
        meeting_id: &meeting.id,
        meeting_title: &meeting.title,
        time_zone: meeting.zone().name(),
        recurrence_id,
        form,
        errors: errors.map_or(json!({}), |e| form_errors(e, viewer.locale)),
    };
    let mut response = templates.render_page(viewer, "date_form.html", &view)?;
    if errors.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Serialize)]
struct DatePage<'a> {
    meeting_id: &'a str,
    meeting_title: &'a str,
    time_zone: &'a str,
    recurrence_id: &'a str,
    form: &'a DateForm,
    errors: Value,
}
