//! The meeting as an `.ics` file, for the download button and `GET /api/v1/meetings/{id}/invite.ics`.

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::accounts::User;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::{Composer, Contact, meeting_facts};
use crate::meetings::{self, JoinLinks};

/// The calendar file of meeting `id` as `user` may see it (the same 404 as the meeting page
/// otherwise), with their own join link.
pub async fn response(
    user: User,
    id: String,
    db: &Db,
    links: &JoinLinks,
    composer: &Composer,
) -> Result<HttpResponse, AppError> {
    let locale = user.locale();
    let detail = db
        .run(move |conn| meetings::meeting_for_editor(conn, &user, &id))
        .await?;
    let own = detail
        .own
        .as_ref()
        .map(|own| (links.url(&own.id, own.link_version), own.sequence));
    let calendar = composer.calendar_file(
        &meeting_facts(
            &detail.meeting,
            &detail.exceptions,
            detail.invitees().count(),
        ),
        &Contact {
            name: detail.organizer.name.clone(),
            email: detail.organizer.email.clone(),
        },
        own.as_ref()
            .map(|(url, sequence)| (url.as_str(), *sequence)),
        locale,
        chrono::Utc::now(),
    );
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/calendar; charset=utf-8; method=PUBLISH"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"invite.ics\""))
        // A join link is inside: no shared cache may keep it.
        .insert_header(("Cache-Control", "private, no-store"))
        .body(calendar))
}
