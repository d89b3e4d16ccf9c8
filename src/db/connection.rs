//! Connections and the pool.

use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};

use crate::config::{Backend, DatabaseUrl};
use crate::error::AppError;

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
    })
}

impl Db {
    /// Runs blocking database work on tokio's blocking pool, keeping the caller's tracing span.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            work(&mut conn)
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
