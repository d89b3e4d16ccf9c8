//! Password hashing on threads of its own, on all cores but one at a time.
//!
//! argon2 takes tens of milliseconds by design. On the blocking pool it would hold the threads
//! database work runs on (`Db::run`), so a flood of sign-ins would slow every other request;
//! here it waits its turn without holding anything. One core always stays free for everything
//! else: on two cores, hashing on both let a flood of wrong passwords push the 99th percentile
//! of other requests to 420 ms (BENCHMARKS.md, `bench/sign_in_flood.sh`).

use std::sync::LazyLock;

use tokio::sync::{Semaphore, oneshot};

use crate::error::AppError;

/// How many hashes run at once: one per core, less one, and at least one.
static PERMITS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    Semaphore::new(cores.saturating_sub(1).max(1))
});

/// Runs `work` (a hash or a verification) on a thread of its own once a permit is free.
pub async fn off_the_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = PERMITS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing is closed: {e}")))?;
    let (done, result) = oneshot::channel();
    std::thread::Builder::new()
        .name("password-hash".to_owned())
        .spawn(move || {
            let _ = done.send(work());
        })
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot start a hashing thread: {e}")))?;
    result
        .await
        .map_err(|_| AppError::Internal(anyhow::anyhow!("the password check panicked")))
}
