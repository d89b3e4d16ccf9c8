//! Date polls in the browser: the organizer's pages (list, form, results, closing, CSV) and
//! the answer page behind each poll link.

mod answer;
mod export;
mod form;
mod pages;
mod view;

use actix_web::web;

use crate::web::route_path::ascii;

pub use answer::PollGuests;

/// The poll pages' routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/polls", web::get().to(pages::list))
        .route("/polls", web::post().to(pages::create))
        .route("/polls/new", web::get().to(pages::new_form))
        .route(&ascii("/polls/{id}"), web::get().to(pages::show))
        .route(&ascii("/polls/{id}/close"), web::post().to(pages::close))
        .route(
            &ascii("/polls/{id}/results.csv"),
            web::get().to(pages::export),
        )
        .service(
            web::resource(ascii("/p/{token}"))
                .route(web::get().to(answer::page))
                .route(web::post().to(answer::record)),
        );
}
