//! The query of `GET /api/v1/meetings`: a time window and a page.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use super::meeting_input::parse_instant;
use crate::domain::FieldError;
use crate::error::FieldErrors;

/// Which meetings to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Meetings starting at or after this time (RFC 3339).
    pub from: Option<String>,
    /// Meetings starting before this time (RFC 3339).
    pub to: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Meetings per page, 1 to 100 (default 50).
    pub per_page: Option<i64>,
}

/// Per page when the caller does not say.
const DEFAULT_PER_PAGE: i64 = 50;
const MAX_PER_PAGE: i64 = 100;

/// A checked list request: range, page, page size.
pub struct ListRequest {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub page: i64,
    pub per_page: i64,
}

impl ListQuery {
    /// The checked request, or every refused parameter.
    pub fn into_request(self) -> Result<ListRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let from = self
            .from
            .as_deref()
            .and_then(|raw| errors.check("from", parse_instant(raw, None)));
        let to = self
            .to
            .as_deref()
            .and_then(|raw| errors.check("to", parse_instant(raw, None)));
        let in_range = |value: i64, min: i64, max: i64| {
            if (min..=max).contains(&value) {
                Ok(value)
            } else {
                Err(FieldError::new("out_of_range")
                    .with("min", min)
                    .with("max", max))
            }
        };
        let page = errors.check("page", in_range(self.page.unwrap_or(1), 1, 100_000));
        let per_page = errors.check(
            "per_page",
            in_range(self.per_page.unwrap_or(DEFAULT_PER_PAGE), 1, MAX_PER_PAGE),
        );
        match (page, per_page) {
            (Some(page), Some(per_page)) if errors.is_empty() => Ok(ListRequest {
                from,
                to,
                page,
                per_page,
            }),
            _ => Err(errors),
        }
    }
}
