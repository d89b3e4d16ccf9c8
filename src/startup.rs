//! Builds the HTTP server from a [`Config`]; shared by `treffpunkt serve` and the tests.

use std::net::{SocketAddr, TcpListener};

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tokio::task::JoinHandle;
use tracing_actix_web::TracingLogger;

use crate::accounts::FeedLinks;
use crate::accounts::{self, OidcProvider, SignInGuard};
use crate::attempts::{AttemptCounter, Counted};
use crate::conference::HookTokens;
use crate::config::{Backend, Config};
pub use crate::db::Migrate;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::housekeeping;
use crate::jitsi::{self, RoomTokens, ServerInput};
use crate::joining::{Entrance, LOBBY_CHANNEL, LobbyBell, UnknownLinks};
use crate::mail::{Composer, RunningWorker};
use crate::meetings::JoinLinks;
use crate::metrics::Metrics;
use crate::organisations;
use crate::polls::{GUESTS_PER_ADDRESS_PER_HOUR, PollLinks};
use crate::retention;
use crate::sealing::SecretBox;
use crate::web::brandings::Brandings;
use crate::web::{self as routes, PollGuests, SignInServices, Templates};

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    setup_url: Option<String>,
    mail_worker: Option<RunningWorker>,
    housekeeping: JoinHandle<()>,
    /// The daily retention job, beside the mail worker.
    retention: Option<JoinHandle<()>>,
    /// Hears waiting-room changes of other instances (PostgreSQL); stops when dropped.
    _lobby_listener: Option<db::Listener>,
}

impl Application {
    /// Connects to the database, migrates, binds the listener; does not serve yet.
    pub async fn build(mut config: Config, migrate: Migrate) -> anyhow::Result<Application> {
        let db = open_database(&config, migrate).await?;
        let secrets = SecretBox::new(&config.secret_key);
        let setup_token = first_start(&db, &config, &secrets).await?;
        let (listener, address) = bind(&mut config)?;
        let port = address.port();
        let setup_url = setup_token.map(|token| format!("{}/setup/{token}", config.base_url_str()));
        tracing::info!(address = %address, base_url = config.base_url_str(), database = db.backend().name(), "listening");
        let metrics = Metrics::new();
        let db = db
            .observed_by(&metrics.pool.stages)
            .announcing_on(&config.database_url, crate::outbox::CHANNEL)?;
        let composer = Composer::from_config(&config)?;
        let (mail_worker, retention) = if config.mail.worker_in_serve {
            (
                Some(RunningWorker::start(
                    &config,
                    db.clone(),
                    composer.clone(),
                    &metrics,
                )?),
                Some(retention::spawn(
                    db.clone(),
                    config.retention,
                    metrics.retention.clone(),
                )),
            )
        } else {
            tracing::info!("the mail worker runs elsewhere (TREFFPUNKT_MAIL_WORKER=false)");
            (None, None)
        };
        let housekeeping = housekeeping::spawn(db.clone());
        let bell = LobbyBell::default();
        let lobby_listener = match db.backend() {
            Backend::Postgres => {
                let ringing = bell.clone();
                Some(
                    db::listen(config.database_url.clone(), LOBBY_CHANNEL, move |meeting| {
                        ringing.ring(meeting);
                    })
                    .context("cannot listen for waiting-room changes")?,
                )
            }
            Backend::Sqlite => None,
        };
        let server = http_server(config, db, secrets, metrics, composer, bell, listener)?;
        Ok(Application {
            port,
            server,
            setup_url,
            mail_worker,
            housekeeping,
            retention,
            _lobby_listener: lobby_listener,
        })
    }

    /// The port the server listens on (useful when it was 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// When no account exists yet: the one-time link that creates the first administrator.
    pub fn setup_url(&self) -> Option<&str> {
        self.setup_url.as_deref()
    }

    /// Serves until SIGINT or SIGTERM; in-flight requests finish first, then the mail worker
    /// finishes its batch and gives back what it still holds.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.housekeeping.abort();
        if let Some(retention) = self.retention {
            retention.abort();
        }
        if let Some(worker) = self.mail_worker {
            worker.stop().await;
        }
        served
    }
}

async fn open_database(config: &Config, migrate: Migrate) -> anyhow::Result<Db> {
    let url = config.database_url.clone();
    let pool_size = config.database_pool_size;
    let (db, applied) = tokio::task::spawn_blocking(move || db::open(&url, pool_size, migrate))
        .await
        .context("opening the database panicked")??;
    if !applied.is_empty() {
        tracing::info!(?applied, "database migrated");
    }
    Ok(db)
}

/// What a first start sets up: the first organisation's name, the Jitsi server from `TREFFPUNKT_JITSI_URL` when none exists,
/// and, while no account exists, the one-time token that creates the first administrator.
async fn first_start(
    db: &Db,
    config: &Config,
    secrets: &SecretBox,
) -> anyhow::Result<Option<String>> {
    let organisation_name = config.accounts.organisation_name.clone();
    db.run(move |conn| organisations::name_first_organisation(conn, &organisation_name))
        .await
        .map_err(|e| anyhow::anyhow!("cannot name the first organisation: {e:#}"))?;
    let setup_token = db
        .run(accounts::issue_setup_token)
        .await
        .map_err(|e| anyhow::anyhow!("cannot prepare the first-run setup: {e:#}"))?;
    if let Some(first) = &config.jitsi.first_server {
        let input = ServerInput::from_first_server(first);
        let sealer = secrets.clone();
        let added = db
            .run(move |conn| {
                jitsi::ensure_first_server(conn, &sealer, &input).map_err(AppError::Internal)
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        if let Some(server) = added {
            tracing::info!(server = %server.name, url = %server.base_url, "added the Jitsi server from TREFFPUNKT_JITSI_URL as the default");
        }
    }
    Ok(setup_token)
}

/// Binds `TREFFPUNKT_BIND`; with port 0 (tests) the derived base URL learns the port the
/// system chose.
fn bind(config: &mut Config) -> anyhow::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(config.bind)
        .with_context(|| format!("cannot listen on {} (TREFFPUNKT_BIND)", config.bind))?;
    let address = listener
        .local_addr()
        .context("the listener has no address")?;
    if config.base_url.port() == Some(0) {
        let _ = config.base_url.set_port(Some(address.port()));
    }
    Ok((listener, address))
}

fn sign_in_services(config: &Config) -> anyhow::Result<SignInServices> {
    let oidc = match &config.accounts.oidc {
        Some(oidc) => Some(OidcProvider::new(oidc, config.base_url_str())?),
        None => None,
    };
    let limits = config.accounts.sign_in_limits;
    Ok(SignInServices {
        guard: SignInGuard::new(limits),
        setup_attempts: AttemptCounter::new(Counted::SetupAddress, limits.per_ip, limits.window),
        oidc,
    })
}

/// The HTTP server over `listener`: middleware, shared state and routes.
fn http_server(
    config: Config,
    db: Db,
    secrets: SecretBox,
    metrics: Metrics,
    composer: Composer,
    bell: LobbyBell,
    listener: TcpListener,
) -> anyhow::Result<Server> {
    let https = config.base_url.scheme() == "https";
    let workers = config.http_workers;
    // Database work runs on each worker's blocking pool. More threads than connections only
    // queue on the pool's lock and cost context switches; one spare keeps a password being
    // hashed (also on this pool) from holding up queries.
    let blocking_threads = (config.database_pool_size as usize).div_ceil(workers) + 1;
    // Forms that lead to the provider (sign-in, sign-out) must be allowed to go there.
    let provider_origin = config
        .accounts
        .oidc
        .as_ref()
        .map(|oidc| oidc.issuer_url.origin().ascii_serialization());
    let sign_in = web::Data::new(sign_in_services(&config)?);
    let join_links = web::Data::new(JoinLinks::new(&config.secret_key, &config.base_url));
    let feed_links = web::Data::new(FeedLinks::new(&config.secret_key, &config.base_url));
    let poll_links = web::Data::new(PollLinks::new(&config.secret_key, &config.base_url));
    let poll_guests = web::Data::new(PollGuests(AttemptCounter::new(
        Counted::PollGuestAddress,
        GUESTS_PER_ADDRESS_PER_HOUR,
        std::time::Duration::from_secs(3600),
    )));
    let entrance = web::Data::new(Entrance {
        tokens: RoomTokens::new(secrets.clone()),
        grace: config.jitsi.join_grace,
        unknown_links: UnknownLinks::new(
            config.jitsi.join_failures_per_ip,
            config.jitsi.join_failures_per_link_prefix,
            config.jitsi.join_window,
        ),
        bell,
    });
    let hook_tokens = web::Data::new(HookTokens::new(&config.secret_key));
    let dial_in_limit = web::Data::new(routes::jitsi_hooks::dial_in_limit());
    let app_metrics = web::Data::new(metrics);
    let app_composer = web::Data::new(composer);
    let app_secrets = web::Data::new(secrets);
    let app_db = web::Data::new(db);
    let app_templates = web::Data::new(Templates::load()?);
    let brandings = web::Data::new(Brandings::default());
    let secret_key = config.secret_key.clone();
    let accounts_config = config.accounts.clone();
    let app_config = web::Data::new(config);
    let server = HttpServer::new(move || {
        // Inner to outer: errors are rendered inside the session, so error pages know the
        // user's language and a sign-out on a disabled account still clears the cookie.
        App::new()
            .wrap(from_fn(routes::answer_head_as_get))
            .wrap(from_fn(routes::render_errors))
            .wrap(routes::identity_middleware(&accounts_config))
            .wrap(routes::session_middleware(&secret_key, https))
            .wrap(routes::security_headers(https, provider_origin.as_deref()))
            .wrap(from_fn(routes::expose_request_id))
            .wrap(from_fn(routes::record_requests))
            .wrap(TracingLogger::<routes::AccessLog>::new())
            // Outermost: a method HTTP does not define reaches neither log nor metrics.
            .wrap(from_fn(routes::refuse_unknown_methods))
            .app_data(app_db.clone())
            .app_data(app_templates.clone())
            .app_data(brandings.clone())
            .app_data(app_config.clone())
            .app_data(sign_in.clone())
            .app_data(join_links.clone())
            .app_data(feed_links.clone())
            .app_data(poll_links.clone())
            .app_data(poll_guests.clone())
            .app_data(entrance.clone())
            .app_data(hook_tokens.clone())
            .app_data(dial_in_limit.clone())
            .app_data(app_secrets.clone())
            .app_data(app_metrics.clone())
            .app_data(app_composer.clone())
            .configure(routes::routes)
            .default_service(web::to(routes::not_found))
    })
    .workers(workers)
    .worker_max_blocking_threads(blocking_threads)
    .listen(listener)
    .context("cannot start the HTTP server")?
    .run();
    Ok(server)
}
