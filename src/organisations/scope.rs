//! The two levels of administration: the installation's administrators manage everything, an
//! organisation's administrators their own organisation only.

use crate::error::AppError;

/// What an administrator may see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every organisation, and the installation's own settings.
    Installation,
    /// The accounts, servers and settings of one organisation (its id).
    Organisation(String),
}

impl Scope {
    /// The one organisation lists are limited to; `None` for all.
    pub fn organisation(&self) -> Option<&str> {
        match self {
            Scope::Installation => None,
            Scope::Organisation(id) => Some(id),
        }
    }

    /// Whether everything is in scope.
    pub fn is_installation(&self) -> bool {
        matches!(self, Scope::Installation)
    }

    /// Whether something of `organisation_id` is in scope.
    pub fn covers(&self, organisation_id: &str) -> bool {
        self.organisation().is_none_or(|own| own == organisation_id)
    }

    /// 403 unless something of `organisation_id` is in scope: the account exists, the
    /// administrator may know it does, but it is not theirs to change.
    pub fn check(&self, organisation_id: &str) -> Result<(), AppError> {
        if self.covers(organisation_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// 403 unless this is the installation's administration.
    pub fn require_installation(&self) -> Result<(), AppError> {
        if self.is_installation() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}
