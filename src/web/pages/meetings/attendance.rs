//! Who was in a meeting's room, for its editors: the list on the meeting page and as CSV.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Serialize;

use crate::conference::{self, Attendee};
use crate::db::Db;
use crate::domain::{Locale, TimeZone};
use crate::error::AppError;
use crate::i18n;
use crate::meetings;
use crate::web::csv_rows::{finish, write};
use crate::web::extractors::viewer::SignedIn;
use crate::when;

/// One person on the meeting page's attendance list, in the viewer's words and zone.
#[derive(Debug, Serialize)]
pub struct AttendanceLine {
    name: String,
    email: String,
    /// `person` or `phone`.
    kind: &'static str,
    invited: bool,
    joined: String,
    /// Empty while they are still there.
    left: String,
    minutes: i64,
}

impl AttendanceLine {
    /// The line of one attendee.
    pub fn new(attendee: &Attendee, locale: Locale, zone: TimeZone) -> AttendanceLine {
        AttendanceLine {
            name: attendee.name.clone(),
            email: attendee.email.clone().unwrap_or_default(),
            kind: attendee.kind,
            invited: attendee.participant_id.is_some(),
            joined: when::moment(locale, attendee.first_joined_at, zone),
            left: attendee
                .last_left_at
                .map(|at| when::moment(locale, at, zone))
                .unwrap_or_default(),
            minutes: attendee.minutes,
        }
    }
}

/// `GET /meetings/{id}/attendance.csv`: one line per person, times in the viewer's zone.
pub async fn csv(
    signed_in: SignedIn,
    id: web::Path<String>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.into_inner();
    let (meeting_id, list) = db
        .run(move |conn| {
            let detail = meetings::meeting_for_editor(conn, &user, &id)?;
            let list = conference::attendance(conn, &detail.meeting.id, Utc::now().naive_utc())?;
            Ok((detail.meeting.id, list))
        })
        .await?;
    let locale = signed_in.viewer.locale;
    let zone = TimeZone::parse(&signed_in.user.time_zone).unwrap_or_default();
    let body = attendance_csv(&list, locale, zone)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"attendance-{meeting_id}.csv\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}

/// The list as CSV: a header line in the viewer's language, then one line per person.
pub fn attendance_csv(
    list: &[Attendee],
    locale: Locale,
    zone: TimeZone,
) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = [
        "attendance-csv-name",
        "attendance-csv-email",
        "attendance-csv-invited",
        "attendance-csv-by",
        "attendance-csv-joined",
        "attendance-csv-left",
        "attendance-csv-minutes",
    ]
    .iter()
    .map(|key| i18n::text(locale, key))
    .collect();
    write(&mut out, header.iter().map(String::as_str))?;
    let yes = i18n::text(locale, "attendance-csv-yes");
    let no = i18n::text(locale, "attendance-csv-no");
    for attendee in list {
        let line = AttendanceLine::new(attendee, locale, zone);
        let by = i18n::text(locale, &format!("attendance-by-{}", line.kind));
        let cells = [
            line.name,
            line.email,
            if line.invited {
                yes.clone()
            } else {
                no.clone()
            },
            by,
            line.joined,
            line.left,
            line.minutes.to_string(),
        ];
        write(&mut out, cells.iter().map(String::as_str))?;
    }
    finish(out)
}
