//! Meetings in the browser: the dashboard, the meeting form, the meeting page, participants.
//! Every change is a plain form POST with a CSRF token, answered with 303 to the meeting page.

mod coming;
mod dashboard;
mod dates;
mod form;
mod lobby;
mod meeting_page;
mod pages;
mod participants;
mod repeat;
mod view;

use actix_web::web;

pub use dashboard::{DashboardQuery, page as dashboard};

/// The meeting pages' routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/meetings/new", web::get().to(pages::new_form))
        .route("/meetings", web::post().to(pages::create))
        .route("/meetings/{id}", web::get().to(pages::show))
        .route("/meetings/{id}", web::post().to(pages::update))
        .route("/meetings/{id}/edit", web::get().to(pages::edit_form))
        .route(
            "/meetings/{id}/invite.ics",
            web::get().to(pages::calendar_file),
        )
        .route(
            "/meetings/{id}/cancel",
            web::get().to(pages::cancel_confirm),
        )
        .route("/meetings/{id}/cancel", web::post().to(pages::cancel))
        .route("/meetings/{id}/room", web::post().to(pages::new_room))
        .route(
            "/meetings/{id}/dates/{recurrence_id}",
            web::get().to(dates::edit_form),
        )
        .route(
            "/meetings/{id}/dates/{recurrence_id}",
            web::post().to(dates::update),
        )
        .route(
            "/meetings/{id}/dates/{recurrence_id}/cancel",
            web::post().to(dates::cancel),
        )
        .route("/meetings/{id}/lobby", web::get().to(lobby::page))
        .route("/meetings/{id}/lobby/admit", web::post().to(lobby::admit))
        .route(
            "/meetings/{id}/lobby/decline",
            web::post().to(lobby::decline),
        )
        .route(
            "/meetings/{id}/lobby/changes",
            web::get().to(lobby::changes),
        )
        .route(
            "/meetings/{id}/participants",
            web::post().to(participants::add),
        )
        .route(
            "/meetings/{id}/participants/{participant_id}/role",
            web::post().to(participants::change_role),
        )
        .route(
            "/meetings/{id}/participants/{participant_id}/remove",
            web::post().to(participants::remove),
        )
        .route(
            "/meetings/{id}/participants/{participant_id}/resend",
            web::post().to(participants::resend),
        )
        .route(
            "/meetings/{id}/participants/{participant_id}/new-link",
            web::post().to(participants::new_link),
        );
}
