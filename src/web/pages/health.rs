//! Probes for load balancers and orchestrators.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::db::Db;

/// A readiness probe must answer before the orchestrator's own timeout.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Liveness: the process answers HTTP. Checks nothing else, so a slow database never restarts us.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Readiness: the database answers a query within two seconds.
pub async fn readyz(db: web::Data<Db>) -> HttpResponse {
    match tokio::time::timeout(READY_TIMEOUT, db.ping()).await {
        Ok(Ok(())) => {
            HttpResponse::Ok().json(json!({ "status": "ready", "checks": { "database": "ok" } }))
        }
        outcome => {
            let reason = match outcome {
                Ok(Err(e)) => format!("{e:#}"),
                _ => "timed out".to_owned(),
            };
            tracing::warn!(%reason, "readiness check failed: database");
            HttpResponse::ServiceUnavailable()
                .json(json!({ "status": "unavailable", "checks": { "database": "unreachable" } }))
        }
    }
}
