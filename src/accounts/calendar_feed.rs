//! A personal calendar subscription address, `<base URL>/calendar/<secret>.ics`: calendar
//! programs fetch it over and over, so it works without a session.
//!
//! Like join links, the secret is an HMAC of the account and the address's version under a
//! key derived from `TREFFPUNKT_SECRET_KEY`: settings can show it again at any time, the
//! database keeps only its SHA-256 for the look-up, and a new version replaces it at once.

use diesel::Connection;

use super::model::{CalendarFeed, User};
use super::queries;
use super::secret_token::token_hash;
use crate::config::SecretKey;
use crate::db::{self, AnyConnection};
use crate::digest::TokenKey;
use crate::error::AppError;

/// Separates this key from every other key derived from the same secret.
const KEY_PURPOSE: &[u8] = b"treffpunkt/calendar-feeds/v1";
/// The path prefix of feeds.
pub const FEED_PATH: &str = "/calendar/";
/// Feed secrets are 43 characters of URL-safe base64, as join tokens.
pub const FEED_TOKEN_LEN: usize = 43;

/// Makes the addresses of calendar feeds; one per application, cheap to clone.
#[derive(Clone)]
pub struct FeedLinks {
    key: TokenKey,
    base_url: String,
}

/// A feed's address in the two forms calendar programs take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedAddress {
    /// `https://…/calendar/<secret>.ics`
    pub url: String,
    /// `webcal://…/calendar/<secret>.ics`: opens the calendar program's "subscribe" dialog.
    pub webcal_url: String,
}

impl FeedLinks {
    /// Derives the feed key from the application secret; addresses start with `base_url`.
    pub fn new(secret: &SecretKey, base_url: &url::Url) -> FeedLinks {
        FeedLinks {
            key: TokenKey::derive(secret.as_bytes(), KEY_PURPOSE),
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    fn token(&self, user_id: &str, version: i32) -> String {
        self.key.token(&format!("{user_id}:{version}"))
    }

    /// The addresses of `feed`.
    pub fn address(&self, feed: &CalendarFeed) -> FeedAddress {
        let path = format!("{FEED_PATH}{}.ics", self.token(&feed.user_id, feed.version));
        let url = format!("{}{path}", self.base_url);
        let host_and_path = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        FeedAddress {
            webcal_url: format!("webcal://{host_and_path}"),
            url,
        }
    }
}

impl std::fmt::Debug for FeedLinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeedLinks(…)")
    }
}

/// `user`'s feed, if they made one.
pub fn calendar_feed(
    conn: &mut AnyConnection,
    user: &User,
) -> Result<Option<CalendarFeed>, AppError> {
    Ok(queries::calendar_feed(conn, &user.id)?)
}

/// Makes `user` a new feed address; the old one (if any) stops working at once.
pub fn rotate_calendar_feed(
    conn: &mut AnyConnection,
    user: &User,
    links: &FeedLinks,
) -> Result<CalendarFeed, AppError> {
    conn.transaction(|conn| {
        let version = queries::calendar_feed(conn, &user.id)?.map_or(1, |f| f.version + 1);
        let feed = CalendarFeed {
            user_id: user.id.clone(),
            version,
            created_at: db::now(),
        };
        let hash = token_hash(&links.token(&user.id, version));
        queries::save_calendar_feed(conn, &feed, &hash)?;
        Ok(feed)
    })
}

/// The enabled account whose feed has the secret `token`; `None` for any other text.
pub fn user_by_calendar_feed(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Option<User>, AppError> {
    Ok(queries::user_by_calendar_feed(conn, &token_hash(token))?)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;

    fn links() -> FeedLinks {
        FeedLinks::new(
            &SecretKey::from_configured("a-test-secret-of-enough-length-for-keys").unwrap(),
            &url::Url::parse("https://treffpunkt.example.org/").unwrap(),
        )
    }

    fn feed(version: i32) -> CalendarFeed {
        CalendarFeed {
            user_id: "u1".to_owned(),
            version,
            created_at: NaiveDateTime::default(),
        }
    }

    #[test]
    fn the_address_is_stable_per_version_and_given_as_https_and_webcal() {
        let first = links().address(&feed(1));
        assert_eq!(first, links().address(&feed(1)));
        assert!(
            first
                .url
                .starts_with("https://treffpunkt.example.org/calendar/")
        );
        assert!(first.url.ends_with(".ics"));
        assert_eq!(
            first.webcal_url,
            first.url.replacen("https://", "webcal://", 1)
        );
        let token = first
            .url
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".ics");
        assert_eq!(token.len(), FEED_TOKEN_LEN);
        assert_ne!(
            first,
            links().address(&feed(2)),
            "a new version, a new address"
        );
    }
}
