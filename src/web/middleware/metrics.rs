//! The middleware that counts and times every request by route, for `GET /metrics`.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

use crate::metrics::{Metrics, RequestLabels, RouteLabels};

/// Counts and times every request under its route pattern (`/meetings/{id}`), so ids and join
/// tokens never become label values.
pub async fn record_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    // Closed sets only: a label per distinct value lives as long as the process.
    let method = method_label(req.method()).to_owned();
    let started = Instant::now();
    let res = next.call(req).await?;
    if let Some(metrics) = metrics {
        let route = res
            .request()
            .match_pattern()
            .map(|pattern| crate::web::route_path::plain(&pattern))
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

/// The method as a label: one of HTTP's (the only ones `refuse_unknown_methods` lets through),
/// anything else `other`.
fn method_label(method: &Method) -> &'static str {
    if super::methods::is_standard(method) {
        match *method {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::PATCH => "PATCH",
            Method::DELETE => "DELETE",
            Method::OPTIONS => "OPTIONS",
            Method::TRACE => "TRACE",
            _ => "CONNECT",
        }
    } else {
        "other"
    }
}
