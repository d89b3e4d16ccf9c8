//! Managing Jitsi servers: add, change, make default, retire, remove. Administrators only; the
//! callers (admin pages, command line, first start) have checked that.

use anyhow::Context as _;
use diesel::Connection;

use super::queries;
use super::server::JitsiServer;
use super::settings::{ServerInput, ServerSettings, Signing};
use super::token_policy::TokenMode;
use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::domain::{FieldError, Locale};
use crate::error::{AppError, Conflict, FieldErrors, field_message};
use crate::sealing::SecretBox;

/// Every server, usable ones first, by name.
pub fn list_servers(conn: &mut AnyConnection) -> Result<Vec<JitsiServer>, AppError> {
    Ok(queries::all_servers(conn)?)
}

/// One server, for the edit form.
pub fn find_server(conn: &mut AnyConnection, id: &str) -> Result<JitsiServer, AppError> {
    Ok(queries::find_server(conn, id)?)
}

/// A server by id or name, for the command line.
pub fn find_server_by_name_or_id(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<Option<JitsiServer>, AppError> {
    Ok(queries::find_server_by_name_or_id(conn, key)?)
}

/// Adds a server; the first one, or one added with `make_default`, becomes the default.
pub fn add_server(
    conn: &mut AnyConnection,
    secrets: &SecretBox,
    settings: ServerSettings,
    make_default: bool,
    actor: Option<Actor<'_>>,
) -> Result<JitsiServer, AppError> {
    conn.transaction(|conn| {
        let id = uuid::Uuid::new_v4().to_string();
        if queries::name_taken(conn, &settings.name, &id)? {
            return Err(name_taken());
        }
        let is_default = make_default || !queries::any_server(conn)?;
        if is_default {
            queries::clear_default(conn)?;
        }
        let now = db::now();
        let mut server = JitsiServer {
            id,
            name: String::new(),
            base_url: String::new(),
            token_mode: TokenMode::None,
            app_id: None,
            secret_sealed: None,
            audience: String::new(),
            is_default,
            retired_at: None,
            created_at: now,
            updated_at: now,
            algorithm: String::new(),
            key_id: None,
            subject: String::new(),
            moderator_claim: String::new(),
            features: String::new(),
            token_margin_minutes: 0,
            lobby_claims: false,
        };
        apply(&mut server, settings, secrets)?;
        queries::insert_server(conn, &server)?;
        record(conn, AuditAction::ServerAdded, actor, &server.name)?;
        Ok(server)
    })
}

/// Changes a server's settings; an empty secret or key keeps the stored one.
pub fn update_server(
    conn: &mut AnyConnection,
    secrets: &SecretBox,
    id: &str,
    settings: ServerSettings,
    actor: Option<Actor<'_>>,
) -> Result<JitsiServer, AppError> {
    conn.transaction(|conn| {
        let mut server = queries::find_server(conn, id)?;
        if queries::name_taken(conn, &settings.name, id)? {
            return Err(name_taken());
        }
        let switches_signing = settings.signing.mode() != server.token_mode;
        if switches_signing
            && settings.signing.new_secret().is_none()
            && settings.signing != Signing::None
        {
            // A secret cannot be kept from a mode that had none (or a key from a shared secret).
            let field = match settings.signing {
                Signing::Rsa { .. } => "private_key",
                _ => "secret",
            };
            let mut errors = FieldErrors::new();
            errors.add(field, FieldError::new("required"));
            return Err(errors.into());
        }
        apply(&mut server, settings, secrets)?;
        server.updated_at = db::now();
        queries::save_server(conn, &server)?;
        record(conn, AuditAction::ServerChanged, actor, &server.name)?;
        Ok(server)
    })
}

/// Makes a usable server the default for new meetings.
pub fn make_default(
    conn: &mut AnyConnection,
    id: &str,
    actor: Option<Actor<'_>>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let mut server = queries::find_server(conn, id)?;
        if server.is_retired() {
            return Err(AppError::Conflict(Conflict::ServerRetired));
        }
        queries::clear_default(conn)?;
        server.is_default = true;
        server.updated_at = db::now();
        queries::save_server(conn, &server)?;
        record(conn, AuditAction::ServerDefault, actor, &server.name)
    })
}

/// Stops a server from taking new meetings; planned meetings keep running there.
pub fn retire_server(
    conn: &mut AnyConnection,
    id: &str,
    actor: Option<Actor<'_>>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let mut server = queries::find_server(conn, id)?;
        if server.is_retired() {
            return Ok(());
        }
        server.retired_at = Some(db::now());
        server.is_default = false;
        server.updated_at = db::now();
        queries::save_server(conn, &server)?;
        record(conn, AuditAction::ServerRetired, actor, &server.name)
    })
}

/// Deletes a server. Whether meetings still use it is theirs to say: call
/// `meetings::remove_server`, which checks first. The foreign key is the last guard (a meeting
/// planned in between); PostgreSQL reports that as `server_in_use` too.
pub fn remove_server(
    conn: &mut AnyConnection,
    id: &str,
    actor: Option<Actor<'_>>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let server = queries::find_server(conn, id)?;
        match queries::delete_server(conn, id) {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                _,
            )) => return Err(AppError::Conflict(Conflict::ServerInUse)),
            other => other?,
        }
        record(conn, AuditAction::ServerRemoved, actor, &server.name)
    })
}

/// On first start: the server from `TREFFPUNKT_JITSI_URL` (and app id and secret), made the
/// default, unless any server exists already. Returns the server when one was added.
pub fn ensure_first_server(
    conn: &mut AnyConnection,
    secrets: &SecretBox,
    input: &ServerInput,
) -> anyhow::Result<Option<JitsiServer>> {
    if queries::any_server(conn)? {
        return Ok(None);
    }
    let settings = input
        .parse(false)
        .map_err(|errors| {
            let problems: Vec<String> = errors
                .iter()
                .map(|(field, error)| format!("{field}: {}", field_message(Locale::En, error)))
                .collect();
            anyhow::anyhow!(problems.join("; "))
        })
        .context("TREFFPUNKT_JITSI_URL and its app id and secret do not make a valid server")?;
    let server = add_server(conn, secrets, settings, true, None)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("cannot add the server from TREFFPUNKT_JITSI_URL")?;
    Ok(Some(server))
}

/// Writes the settings into the row, sealing a newly typed secret.
fn apply(
    server: &mut JitsiServer,
    settings: ServerSettings,
    secrets: &SecretBox,
) -> Result<(), AppError> {
    if let Some(secret) = settings.signing.new_secret() {
        let sealed = secrets
            .seal(&JitsiServer::seal_context(&server.id), secret.as_bytes())
            .context("sealing the server secret")?;
        server.secret_sealed = Some(sealed);
    }
    server.name = settings.name;
    server.base_url = settings.base_url;
    server.token_mode = settings.signing.mode();
    server.audience = settings.audience;
    server.subject = settings.subject;
    server.moderator_claim = settings.moderator_claim.as_str().to_owned();
    server.features = settings.features.to_stored();
    server.token_margin_minutes = settings.token_margin_minutes;
    server.lobby_claims = settings.lobby_claims;
    match settings.signing {
        Signing::None => {
            server.app_id = None;
            server.secret_sealed = None;
            server.key_id = None;
            server.algorithm = "HS256".to_owned();
        }
        Signing::SharedSecret {
            algorithm, app_id, ..
        } => {
            server.app_id = Some(app_id);
            server.key_id = None;
            server.algorithm = algorithm.as_str().to_owned();
        }
        Signing::Rsa { app_id, key_id, .. } => {
            server.app_id = Some(app_id);
            server.key_id = Some(key_id);
            server.algorithm = "RS256".to_owned();
        }
    }
    Ok(())
}

fn name_taken() -> AppError {
    let mut errors = FieldErrors::new();
    errors.add("name", FieldError::new("server_name_taken"));
    errors.into()
}

fn record(
    conn: &mut AnyConnection,
    action: AuditAction,
    actor: Option<Actor<'_>>,
    name: &str,
) -> Result<(), AppError> {
    let event = AuditEvent::new(action).detail(name).by_actor(actor);
    Ok(audit::record(conn, event)?)
}
