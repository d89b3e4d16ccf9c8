//! Meetings in the browser: the dashboard, the meeting form, the meeting page, participants.
//! Every change is a plain form POST with a CSRF token, answered with 303 to the meeting page.

mod attendance;
mod coming;
mod dashboard;
mod dates;
mod form;
mod lobby;
mod meeting_page;
mod pages;
mod participants;
mod presence;
mod repeat;
mod view;

use actix_web::web;

use crate::web::route_path::ascii;

pub use dashboard::{DashboardQuery, page as dashboard};
pub(crate) use form::{parse_time, pasted_invitees};

/// The meeting pages' routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/meetings/new", web::get().to(pages::new_form))
        .route("/meetings", web::post().to(pages::create))
        .service(
            web::resource(ascii("/meetings/{id}"))
                .route(web::get().to(pages::show))
                .route(web::post().to(pages::update)),
        )
        .route(
            &ascii("/meetings/{id}/edit"),
            web::get().to(pages::edit_form),
        )
        .route(
            &ascii("/meetings/{id}/invite.ics"),
            web::get().to(pages::calendar_file),
        )
        .service(
            web::resource(ascii("/meetings/{id}/cancel"))
                .route(web::get().to(pages::cancel_confirm))
                .route(web::post().to(pages::cancel)),
        )
        .route(
            &ascii("/meetings/{id}/room"),
            web::post().to(pages::new_room),
        )
        .service(
            web::resource(ascii("/meetings/{id}/dates/{recurrence_id}"))
                .route(web::get().to(dates::edit_form))
                .route(web::post().to(dates::update)),
        )
        .route(
            &ascii("/meetings/{id}/dates/{recurrence_id}/cancel"),
            web::post().to(dates::cancel),
        )
        // `?meeting=<id>` for one meeting's page: a plain path costs no regex per worker.
        .route("/presence", web::get().to(presence::answer))
        .route(
            &ascii("/meetings/{id}/attendance.csv"),
            web::get().to(attendance::csv),
        )
        .route(&ascii("/meetings/{id}/lobby"), web::get().to(lobby::page))
        .route(
            &ascii("/meetings/{id}/lobby/admit"),
            web::post().to(lobby::admit),
        )
        .route(
            &ascii("/meetings/{id}/lobby/decline"),
            web::post().to(lobby::decline),
        )
        .route(
            &ascii("/meetings/{id}/lobby/changes"),
            web::get().to(lobby::changes),
        )
        .route(
            &ascii("/meetings/{id}/participants"),
            web::post().to(participants::add),
        )
        .route(
            &ascii("/meetings/{id}/participants/{participant_id}/role"),
            web::post().to(participants::change_role),
        )
        .route(
            &ascii("/meetings/{id}/participants/{participant_id}/remove"),
            web::post().to(participants::remove),
        )
        .route(
            &ascii("/meetings/{id}/participants/{participant_id}/resend"),
            web::post().to(participants::resend),
        )
        .route(
            &ascii("/meetings/{id}/participants/{participant_id}/new-link"),
            web::post().to(participants::new_link),
        );
}
