//! `GET /metrics` for Prometheus, and the middleware that counts and times every request by
//! route. The outbox and the pool are read at scrape time. Readable with `Authorization: Bearer $TREFFPUNKT_METRICS_TOKEN`, or, when
//! no token is configured, only from this machine.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, ContentType};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};

use super::client::client_ip;
use crate::config::Config;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::metrics::{Metrics, RequestLabels, RouteLabels};
use crate::outbox;

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
            .get_or_create(&vec![("state".to_owned(), state.to_owned())])
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
        None => client_ip(req)
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
    }
}

/// Counts and times every request under its route pattern (`/meetings/{id}`), so ids and join
/// tokens never become label values.
pub async fn record_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = req.method().to_string();
    let started = Instant::now();
    let res = next.call(req).await?;
    if let Some(metrics) = metrics {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        metrics
            .http
            .duration_seconds
            .get_or_create(&RouteLabels {
                method: method.clone(),
                route: route.clone(),
            })
            .observe(started.elapsed().as_secs_f64());
        metrics
            .http
            .requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status: res.status().as_u16(),
            })
            .inc();
    }
    Ok(res)
}
