//! Organisations' branding for pages, kept in memory for a short while: every page wears one,
//! and the join page is on the hottest path. A change shows at once on the instance that saved
//! it and within [`KEPT`] on the others.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::db::Db;
use crate::error::AppError;
use crate::organisations::{self, Branding};

/// How long a branding is used before it is read again.
const KEPT: Duration = Duration::from_secs(30);

/// The cache (one per HTTP server, shared by its workers).
#[derive(Default)]
pub struct Brandings {
    by_organisation: RwLock<HashMap<String, (Instant, Arc<Branding>)>>,
    /// The default organisation's, held apart: every page before sign-in, and every join,
    /// asks for it, and one lock read should answer.
    default_branding: RwLock<Option<(Instant, Arc<Branding>)>>,
}

impl Brandings {
    /// The branding of `organisation_id`.
    pub async fn of(&self, db: &Db, organisation_id: &str) -> Result<Arc<Branding>, AppError> {
        if let Ok(cached) = self.by_organisation.read()
            && let Some((at, branding)) = cached.get(organisation_id)
            && at.elapsed() < KEPT
        {
            return Ok(branding.clone());
        }
        let id = organisation_id.to_owned();
        let branding = Arc::new(
            db.run(move |conn| Ok(organisations::branding_of(conn, &id)?))
                .await?,
        );
        if let Ok(mut cached) = self.by_organisation.write() {
            cached.insert(
                organisation_id.to_owned(),
                (Instant::now(), branding.clone()),
            );
        }
        Ok(branding)
    }

    /// The branding of the default organisation: what pages wear for visitors not signed in.
    pub async fn of_default(&self, db: &Db) -> Result<Arc<Branding>, AppError> {
        if let Ok(cached) = self.default_branding.read()
            && let Some((at, branding)) = cached.as_ref()
            && at.elapsed() < KEPT
        {
            return Ok(branding.clone());
        }
        let id = db.run(organisations::default_organisation_id).await?;
        let branding = self.of(db, &id).await?;
        if let Ok(mut cached) = self.default_branding.write() {
            *cached = Some((Instant::now(), branding.clone()));
        }
        Ok(branding)
    }

    /// Forgets an organisation's branding after it changed here.
    pub fn forget(&self, organisation_id: &str) {
        if let Ok(mut cached) = self.by_organisation.write() {
            cached.remove(organisation_id);
        }
        if let Ok(mut cached) = self.default_branding.write() {
            *cached = None;
        }
    }
}
