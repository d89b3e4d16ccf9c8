//! What a user changes about their own account: name, language, time zone, password.

use diesel::Connection;

use super::hashing;
use super::model::User;
use super::password::{hash_password, verify_password};
use super::queries;
use super::sign_in::SignInGuard;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection, Db};
use crate::domain::{DisplayName, FieldError, Locale, Password, TimeZone};
use crate::error::{AppError, FieldErrors};

/// A user's own preferences, checked.
#[derive(Debug)]
pub struct Profile {
    /// The name shown to others.
    pub display_name: DisplayName,
    /// Language of pages and mails.
    pub locale: Locale,
    /// Zone times are shown in.
    pub time_zone: TimeZone,
}

impl Profile {
    /// Checks the settings form's fields (`display_name`, `language`, `time_zone`) together.
    pub fn parse(
        display_name: &str,
        language: &str,
        time_zone: &str,
    ) -> Result<Profile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let display_name = errors.check("display_name", DisplayName::parse(display_name));
        let locale = errors.check("language", super::user::parse_locale(language));
        let time_zone = errors.check("time_zone", TimeZone::parse(time_zone));
        match (display_name, locale, time_zone) {
            (Some(display_name), Some(locale), Some(time_zone)) => Ok(Profile {
                display_name,
                locale,
                time_zone,
            }),
            _ => Err(errors),
        }
    }
}

/// Saves the user's name, language and time zone.
pub fn update_profile(
    conn: &mut AnyConnection,
    user_id: &str,
    profile: &Profile,
) -> Result<(), AppError> {
    let changed = queries::update_profile(
        conn,
        user_id,
        profile.display_name.as_str(),
        profile.locale.tag(),
        profile.time_zone.name(),
        db::now(),
    )?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Saves only the language (the switch in every page's header).
pub fn set_locale(conn: &mut AnyConnection, user_id: &str, locale: Locale) -> Result<(), AppError> {
    queries::update_locale(conn, user_id, locale.tag(), db::now())?;
    Ok(())
}

/// Switches the daily digest of new answers to one's meetings on or off.
pub fn set_reply_digest(conn: &mut AnyConnection, user_id: &str, on: bool) -> Result<(), AppError> {
    queries::set_reply_digest(conn, user_id, on, db::now())?;
    Ok(())
}

/// Takes the digest of answers up to `now` for `user_id`, whose last one ended at `previous`;
/// `false` when another worker took it first.
pub fn claim_reply_digest(
    conn: &mut AnyConnection,
    user_id: &str,
    previous: Option<chrono::NaiveDateTime>,
    now: chrono::NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(queries::claim_reply_digest(conn, user_id, previous, now)?)
}

/// Replaces the password after checking the current one; the field errors name what is wrong.
///
/// Guessing the current password from a stolen session meets the sign-in limits, and each wrong
/// guess is audited. Both hashes run on the hashing threads, between two short database visits.
pub async fn change_password(
    db: &Db,
    guard: &SignInGuard,
    user: &User,
    current: String,
    new: &str,
    ip: &str,
) -> Result<(), AppError> {
    let (looking, user_id, account, address) = (
        guard.clone(),
        user.id.clone(),
        user.email.clone(),
        ip.to_owned(),
    );
    let (attempt, stored) = db
        .run(move |conn| {
            let attempt = match looking.begin(conn, &address, Some(&account))? {
                Ok(attempt) => attempt,
                Err(blocked) => return Ok(Err(blocked)),
            };
            Ok(Ok((attempt, queries::password_hash(conn, &user_id)?)))
        })
        .await??;

    let mut errors = FieldErrors::new();
    let new = errors.check("new_password", Password::parse(new));
    let (current_ok, new_hash) = hashing::off_the_pool(move || {
        let current_ok = stored
            .as_deref()
            .is_some_and(|hash| verify_password(&current, hash));
        let new_hash = new.filter(|_| current_ok).map(|new| hash_password(&new));
        (current_ok, new_hash)
    })
    .await?;

    let (guard, user_id, ip) = (guard.clone(), user.id.clone(), ip.to_owned());
    db.run(move |conn| {
        if !current_ok {
            guard.failed(conn, attempt)?;
            errors.add("current_password", FieldError::new("password_wrong"));
            // A stolen session guessing the password is as worth knowing as a failed sign-in.
            audit::record(
                conn,
                AuditEvent::new(AuditAction::PasswordCheckFailed)
                    .by(&user_id)
                    .from_ip(Some(&ip)),
            )?;
            return Err(AppError::Validation(errors));
        }
        // The right password, even with a new one refused, is no guess.
        guard.succeeded(conn, attempt)?;
        let Some(hash) = new_hash else {
            return Err(AppError::Validation(errors));
        };
        let hash = hash?;
        conn.transaction(|conn| {
            queries::update_password_hash(conn, &user_id, &hash, db::now())?;
            audit::record(
                conn,
                AuditEvent::new(AuditAction::PasswordChanged)
                    .by(&user_id)
                    .from_ip(Some(&ip)),
            )?;
            Ok(())
        })
    })
    .await
}

/// Sets a new password without knowing the old one (the command line's recovery path);
/// ends every session of the account.
pub fn set_password(
    conn: &mut AnyConnection,
    user_id: &str,
    password: &Password,
) -> Result<(), AppError> {
    let hash = hash_password(password)?;
    conn.transaction(|conn| {
        if queries::update_password_hash(conn, user_id, &hash, db::now())? == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            AuditEvent::new(AuditAction::PasswordChanged)
                .on(user_id)
                .detail("command line"),
        )?;
        Ok(())
    })
}
