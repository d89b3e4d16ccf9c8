//! `GET /metrics` for Prometheus (the middleware that counts requests is
//! `middleware::metrics`). The outbox and the pool are read at scrape time. Readable with `Authorization: Bearer $TREFFPUNKT_METRICS_TOKEN`, or, when
//! no token is configured, only from this machine.

use actix_web::http::header::{AUTHORIZATION, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::config::Config;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::outbox;
use crate::web::client::is_local_request;

/// The Prometheus text exposition.
pub async fn metrics(
    req: HttpRequest,
    config: web::Data<Config>,
    metrics: web::Data<Metrics>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    if !allowed(&req, &config) {
        // The same answer as any unknown path: the endpoint does not advertise itself.
        return Err(AppError::NotFound);
    }
    let (counts, oldest) = db
        .run(|conn| {
            Ok((
                outbox::counts_of_every_state(conn)?,
                outbox::oldest_due(conn)?,
            ))
        })
        .await?;
    for (state, count) in counts {
        metrics
            .outbox
            .jobs
            .get_or_create(&vec![("state".to_owned(), state.as_str().to_owned())])
            .set(count);
    }
    let behind = oldest.map_or(0, |at| (db::now() - at).num_seconds().max(0));
    metrics.outbox.oldest_pending_seconds.set(behind);
    let (connections, idle, max) = db.usage();
    metrics.pool.connections.set(connections.into());
    metrics.pool.idle.set(idle.into());
    metrics.pool.max.set(max.into());
    Ok(HttpResponse::Ok()
        .insert_header(ContentType(
            "text/plain; version=0.0.4; charset=utf-8"
                .parse()
                .expect("a valid media type"),
        ))
        .body(metrics.encode()))
}

fn allowed(req: &HttpRequest, config: &Config) -> bool {
    match &config.metrics_token {
        Some(token) => req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|presented| token.matches(presented.trim())),
        // Never "local" because of a header: a proxy on this host would make every request
        // look local.
        None => is_local_request(req),
    }
}
