//! Connections and the pool.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};

use crate::config::{Backend, DatabaseUrl};
use crate::error::AppError;
use crate::metrics::PoolStages;

use super::announce::{Announcer, take_news};

/// A connection to either backend; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL, for production.
    Postgresql(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// How long a caller waits for a free connection before the request fails with 503.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens connections of the one backend the URL names.
///
/// diesel's own `ConnectionManager<AnyConnection>` tries every backend in turn, so an
/// unreachable PostgreSQL would fall through to SQLite and report a misleading error.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        match self.url.backend() {
            Backend::Postgres => PgConnection::establish(self.url.as_str())
                .map(AnyConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(self.url.as_str())
                    .map_err(r2d2::Error::ConnectionError)?;
                // Foreign keys are off by default in SQLite; WAL lets readers run beside the one
                // writer; the busy timeout makes a second writer wait instead of failing at once.
                conn.batch_execute(
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                     PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// A connection borrowed from the pool; returned when dropped.
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// The shared pool; cheap to clone into every handler.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
    /// Where visits spend their time, once metrics are attached.
    stages: Option<PoolStages>,
    /// Rung after a visit that marked news (PostgreSQL, once attached).
    announcer: Option<Arc<Announcer>>,
}

/// Connects once directly (so the real reason for a failure reaches the operator), then builds the pool.
pub fn connect(url: &DatabaseUrl, pool_size: u32) -> anyhow::Result<Db> {
    if url.backend() == Backend::Sqlite {
        let file = std::path::Path::new(url.as_str());
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).with_context(|| {
                format!(
                    "cannot create the folder for the SQLite database {}",
                    url.redacted()
                )
            })?;
        }
        // Created 0600 before SQLite opens it; its -wal and -shm files take the same mode.
        crate::files::private_file(file)
            .with_context(|| format!("cannot create the SQLite database {}", url.redacted()))?;
    }
    let manager = Manager { url: url.clone() };
    manager
        .connect()
        .with_context(|| format!("cannot connect to the database {}", url.redacted()))?;
    let pool = Pool::builder()
        .max_size(pool_size)
        .connection_timeout(CHECKOUT_TIMEOUT)
        .test_on_check_out(false)
        .build(manager)
        .with_context(|| format!("cannot open connections to the database {}", url.redacted()))?;
    Ok(Db {
        pool,
        backend: url.backend(),
        stages: None,
        announcer: None,
    })
}

impl Db {
    /// The same pool, observing each visit's stages into `stages` (see [`PoolStages`]).
    pub fn observed_by(self, stages: &PoolStages) -> Db {
        Db {
            stages: Some(stages.clone()),
            ..self
        }
    }

    /// The same pool, notifying `channel` after each visit that marked news with
    /// [`announce_after_visit`](super::announce_after_visit). PostgreSQL only; SQLite has no
    /// notifications, and its listeners poll.
    pub fn announcing_on(self, url: &DatabaseUrl, channel: &'static str) -> anyhow::Result<Db> {
        if self.backend != Backend::Postgres {
            return Ok(self);
        }
        let announcer = Announcer::start(url.clone(), channel)
            .context("cannot start the thread that notifies the mail workers")?;
        Ok(Db {
            announcer: Some(Arc::new(announcer)),
            ..self
        })
    }

    /// Runs blocking database work on tokio's blocking pool, keeping the caller's tracing span.
    /// News the work marked is announced once it is over, after its transaction committed.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        let stages = self.stages.clone();
        let announcer = self.announcer.clone();
        let asked = Instant::now();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let running = Instant::now();
            let conn = pool.get();
            let holding = Instant::now();
            if let Some(stages) = &stages {
                stages
                    .thread_wait_seconds
                    .observe((running - asked).as_secs_f64());
                // A checkout that timed out is observed too: it is the longest wait there is.
                stages
                    .checkout_seconds
                    .observe((holding - running).as_secs_f64());
            }
            let mut conn = conn?;
            take_news();
            let done = work(&mut conn);
            if let Some(stages) = &stages {
                stages.work_seconds.observe(holding.elapsed().as_secs_f64());
            }
            // Work that failed rolled back what it queued; nothing to announce.
            if take_news()
                && done.is_ok()
                && let Some(announcer) = &announcer
            {
                announcer.ring();
            }
            done
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("database task panicked")))?
    }

    /// Takes a connection for blocking code outside the async runtime (CLI commands).
    pub fn get(&self) -> Result<PooledConnection, AppError> {
        Ok(self.pool.get()?)
    }

    /// Open connections, of which idle, and the most the pool may open.
    pub fn usage(&self) -> (u32, u32, u32) {
        let state = self.pool.state();
        (
            state.connections,
            state.idle_connections,
            self.pool.max_size(),
        )
    }

    /// Which backend this pool talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Answers once the database runs a trivial query; for the readiness probe.
    pub async fn ping(&self) -> Result<(), AppError> {
        self.run(|conn| conn.ping().map_err(AppError::from)).await
    }
}

/// Runs `$body` with `$c` bound to the concrete connection of either backend.
///
/// For the few statements diesel cannot build for the multi-backend, such as inserting
/// many rows in one statement; the statement itself is written once.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql($c) => $body,
            $crate::db::AnyConnection::Sqlite($c) => $body,
        }
    };
}

impl AnyConnection {
    /// Runs the cheapest possible statement, proving the connection works.
    pub fn ping(&mut self) -> diesel::QueryResult<()> {
        self.batch_execute("SELECT 1")
    }

    /// Runs `reads` in one transaction in which PostgreSQL plans each statement once, for all
    /// parameter values (a generic plan), instead of once per execution.
    ///
    /// For reads ordered by an index and cut by `LIMIT $n`: PostgreSQL costs a generic plan as if
    /// the unknown limit kept a tenth of the rows, so for a large table it judges the generic plan
    /// dear and plans anew at every execution (about 0.8 ms each), although both plans are the
    /// same index walk. SQLite prepares once anyway.
    pub fn with_generic_plans<T>(
        &mut self,
        reads: impl FnOnce(&mut AnyConnection) -> diesel::QueryResult<T>,
    ) -> diesel::QueryResult<T> {
        match self {
            AnyConnection::Postgresql(_) => self.transaction(|conn| {
                conn.batch_execute("SET LOCAL plan_cache_mode = force_generic_plan")?;
                reads(conn)
            }),
            AnyConnection::Sqlite(_) => reads(self),
        }
    }
}
