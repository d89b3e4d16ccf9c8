//! Builds the HTTP server from a [`Config`]; shared by `treffpunkt serve` and the tests.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::db;
pub use crate::db::Migrate;
use crate::web::{self as routes, Templates};

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects to the database, migrates, binds the listener; does not serve yet.
    pub async fn build(mut config: Config, migrate: Migrate) -> anyhow::Result<Application> {
        let url = config.database_url.clone();
        let pool_size = config.database_pool_size;
        let (db, applied) = tokio::task::spawn_blocking(move || db::open(&url, pool_size, migrate))
            .await
            .context("opening the database panicked")??;
        if !applied.is_empty() {
            tracing::info!(?applied, "database migrated");
        }
        let templates = Templates::load()?;
        let listener = TcpListener::bind(config.bind)
            .with_context(|| format!("cannot listen on {} (TREFFPUNKT_BIND)", config.bind))?;
        let address = listener
            .local_addr()
            .context("the listener has no address")?;
        // With port 0 (tests) the derived base URL learns the port the system chose.
        if config.base_url.port() == Some(0) {
            let _ = config.base_url.set_port(Some(address.port()));
        }
        let https = config.base_url.scheme() == "https";
        let workers = config.http_workers;
        tracing::info!(address = %address, base_url = config.base_url_str(), database = db.backend().name(), "listening");

        let app_db = web::Data::new(db);
        let app_templates = web::Data::new(templates);
        let app_config = web::Data::new(config);
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(routes::render_errors))
                .wrap(routes::security_headers(https))
                .wrap(from_fn(routes::expose_request_id))
                .wrap(TracingLogger::default())
                .app_data(app_db.clone())
                .app_data(app_templates.clone())
                .app_data(app_config.clone())
                .configure(routes::routes)
                .default_service(web::to(routes::not_found))
        })
        .workers(workers)
        .listen(listener)
        .context("cannot start the HTTP server")?
        .run();
        Ok(Application {
            port: address.port(),
            server,
        })
    }

    /// The port the server listens on (useful when it was 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM; in-flight requests finish first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
