//! `treffpunkt server add|update|list|default|retire|remove|offer`: Jitsi servers for scripts and
//! first setup, with the hooks Jitsi calls (dial-in, room events, reservations).
//!
//! Secrets are read from a file or standard input, never from the command line, where every
//! user of the machine could read them in the process list.

use std::io::Read;

use anyhow::Context;
use clap::Subcommand;
use diesel::Connection;

use super::user::explain;
use crate::conference::{self, HookInput, HookTokens, HookView};
use crate::config::Config;
use crate::db::AnyConnection;
use crate::domain::Locale;
use crate::error::{AppError, Conflict, FieldErrors, field_message};
use crate::jitsi::{self, JitsiServer, ServerInput};
use crate::meetings;
use crate::organisations;
use crate::sealing::SecretBox;

#[derive(Debug, Subcommand)]
pub(super) enum ServerCommand {
    /// Add a Jitsi server (the first one becomes the default).
    Add(Box<AddServer>),
    /// Change a server's hooks (dial-in, room events, reservations); flags not given keep
    /// their value.
    Update(Box<UpdateServer>),
    /// List every server (secrets are never shown).
    List {
        /// Print JSON instead of a table, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Make a server the default for new meetings.
    Default {
        /// The server's name or id.
        server: String,
    },
    /// Stop a server from taking new meetings; its meetings keep running there.
    Retire {
        /// The server's name or id.
        server: String,
    },
    /// Delete a server no meeting uses (one in use can only be retired).
    Remove {
        /// The server's name or id.
        server: String,
    },
    /// Offer a server to some organisations only (their members alone can pick it), or with
    /// --all to every organisation.
    Offer {
        /// The server's name or id.
        server: String,
        /// An organisation's slug; give it once per organisation.
        #[arg(long = "org", required_unless_present = "all")]
        orgs: Vec<String>,
        /// Offer it to every organisation.
        #[arg(long, conflicts_with = "orgs")]
        all: bool,
    },
}

/// The flags of `server add`.
#[derive(Debug, clap::Args)]
pub(super) struct AddServer {
    /// Shown to organizers when they pick a server.
    #[arg(long)]
    name: String,
    /// The server's address, e.g. https://meet.example.org (a tenant path is allowed).
    #[arg(long)]
    url: String,
    /// none (plain room links), shared-secret (HS256/384/512) or rsa (RS256).
    #[arg(long, default_value = "none")]
    token_mode: String,
    /// The `iss` claim (app id); needed for shared-secret and rsa.
    #[arg(long)]
    app_id: Option<String>,
    /// HS256, HS384 or HS512 (shared-secret).
    #[arg(long, default_value = "HS256")]
    algorithm: String,
    /// File holding the shared secret; `-` reads standard input.
    #[arg(long)]
    secret_file: Option<String>,
    /// The `kid` header (rsa).
    #[arg(long)]
    key_id: Option<String>,
    /// PEM file holding the RSA private key; `-` reads standard input.
    #[arg(long)]
    private_key_file: Option<String>,
    /// The `aud` claim.
    #[arg(long, default_value = jitsi::DEFAULT_AUDIENCE)]
    audience: String,
    /// The `sub` claim (domain, tenant or *); default: the tenant or host of --url.
    #[arg(long)]
    subject: Option<String>,
    /// Where moderators' claim goes: context, top-level or both.
    #[arg(long, default_value = "context")]
    moderator_claim: String,
    /// `context.features`, e.g. "recording, livestreaming=false".
    #[arg(long)]
    features: Option<String>,
    /// Minutes a token stays valid after the meeting's end.
    #[arg(long, default_value_t = jitsi::DEFAULT_TOKEN_MARGIN_MINUTES)]
    token_margin_minutes: i32,
    /// Tokens also carry the claims of the jitsi-contrib lobby plugins
    /// (`context.room.lobby_autostart`, `lobby_bypass`), for servers that run them.
    #[arg(long)]
    lobby_claims: bool,
    /// Make it the default for new meetings.
    #[arg(long)]
    default: bool,
    #[command(flatten)]
    hooks: HookFlags,
}

/// The flags of `server update`.
#[derive(Debug, clap::Args)]
pub(super) struct UpdateServer {
    /// The server's name or id.
    server: String,
    #[command(flatten)]
    hooks: HookFlags,
}

/// The hooks Jitsi calls, per server; each is off until set.
#[derive(Debug, Default, clap::Args)]
pub(super) struct HookFlags {
    /// The MUC domain of the server's rooms, e.g. conference.meet.example.org (dial-in needs
    /// it; `""` removes it).
    #[arg(long)]
    muc_domain: Option<String>,
    /// JSON file of dial-in numbers, in the shape the numbers endpoint answers:
    /// [{"countryCode": "DE", "formattedNumber": "+49 721 …", "tollFree": false, "default": true}]
    #[arg(long)]
    dial_in_numbers_file: Option<String>,
    /// File holding the bearer token the event_sync component sends; `-` reads standard input.
    #[arg(long)]
    events_token_file: Option<String>,
    /// What the reservation hook does: off, refuse-unplanned (internal servers) or
    /// allow-unplanned (rooms not planned here open too).
    #[arg(long)]
    reservations: Option<String>,
    /// File holding the bearer token mod_reservations sends; `-` reads standard input.
    #[arg(long)]
    reservations_token_file: Option<String>,
    /// The server runs Jitsi's lobby with reservations (`reservations_enable_lobby_support`):
    /// meetings with a waiting room get `"lobby": true`.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    reservations_lobby: Option<bool>,
    /// JSON file of room-setting presets organizers can apply, e.g.
    /// [{"name": "Bürgersprechstunde", "lobby": true, "screen_sharing": "moderators", "start_muted": true}]
    #[arg(long)]
    room_presets_file: Option<String>,
}

impl HookFlags {
    fn given(&self) -> bool {
        self.muc_domain.is_some()
            || self.dial_in_numbers_file.is_some()
            || self.events_token_file.is_some()
            || self.reservations.is_some()
            || self.reservations_token_file.is_some()
            || self.reservations_lobby.is_some()
            || self.room_presets_file.is_some()
    }

    /// The hook settings: the stored ones with the given flags applied.
    fn input(self, stored: &HookView) -> anyhow::Result<HookInput> {
        let numbers = match &self.dial_in_numbers_file {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("--dial-in-numbers-file: cannot read {path}"))?,
            None => stored.dial_in_numbers.clone(),
        };
        let lobby = self.reservations_lobby.unwrap_or(stored.reservations_lobby);
        let presets = match &self.room_presets_file {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("--room-presets-file: cannot read {path}"))?,
            None => stored.room_presets.clone(),
        };
        Ok(HookInput {
            muc_domain: self.muc_domain.unwrap_or_else(|| stored.muc_domain.clone()),
            dial_in_numbers: numbers,
            events_token: read_secret(self.events_token_file.as_deref(), "--events-token-file")?,
            clear_events_token: None,
            reservations: self
                .reservations
                .unwrap_or_else(|| stored.reservations.to_owned()),
            reservations_token: read_secret(
                self.reservations_token_file.as_deref(),
                "--reservations-token-file",
            )?,
            clear_reservations_token: None,
            reservations_lobby: lobby.then(|| "on".to_owned()),
            room_presets: presets,
        })
    }
}

pub(super) fn run(config: &Config, command: ServerCommand, locale: Locale) -> anyhow::Result<()> {
    let db = super::open_database(config)?;
    let mut conn = db.get()?;
    let secrets = SecretBox::new(&config.secret_key);
    let tokens = HookTokens::new(&config.secret_key);
    match command {
        ServerCommand::Add(add) => add_server(&mut conn, &secrets, &tokens, *add, locale),
        ServerCommand::Update(update) => {
            let found = find(&mut conn, &update.server, locale)?;
            if !update.hooks.given() {
                anyhow::bail!(
                    "nothing to change: give --muc-domain, --dial-in-numbers-file, --events-token-file, --reservations, --reservations-token-file, --reservations-lobby or --room-presets-file"
                );
            }
            let stored =
                conference::server_hooks(&mut conn, &found.id).map_err(|e| explain(e, locale))?;
            let input = update.hooks.input(&HookView::of(stored.as_ref()))?;
            let settings = input.parse().map_err(|e| describe(&e, locale))?;
            let hooks = conference::save_server_hooks(
                &mut conn,
                &tokens,
                &found.id,
                &found.name,
                settings,
                None,
            )
            .map_err(|e| explain_server(e, locale))?;
            println!(
                "Updated {}: {}",
                found.name,
                hooks_summary(&HookView::of(Some(&hooks)))
            );
            Ok(())
        }
        ServerCommand::List { json } => list_servers(&mut conn, json, locale),
        ServerCommand::Default { server } => {
            let found = find(&mut conn, &server, locale)?;
            jitsi::make_default(&mut conn, &found.id, None).map_err(|e| explain(e, locale))?;
            println!("{} is now the default", found.name);
            Ok(())
        }
        ServerCommand::Retire { server } => {
            let found = find(&mut conn, &server, locale)?;
            jitsi::retire_server(&mut conn, &found.id, None).map_err(|e| explain(e, locale))?;
            println!("Retired {}", found.name);
            Ok(())
        }
        ServerCommand::Remove { server } => {
            let found = find(&mut conn, &server, locale)?;
            meetings::remove_server(&mut conn, &found.id, None).map_err(|e| match e {
                AppError::Conflict(Conflict::ServerInUse) => anyhow::anyhow!(
                    "meetings use {}; retire it instead: treffpunkt server retire \"{}\"",
                    found.name,
                    found.name
                ),
                other => explain(other, locale),
            })?;
            println!("Removed {}", found.name);
            Ok(())
        }
        ServerCommand::Offer { server, orgs, all } => {
            let found = find(&mut conn, &server, locale)?;
            let mut ids = Vec::new();
            for slug in orgs.iter().filter(|_| !all) {
                let organisation = organisations::organisation_by_slug(&mut conn, slug)
                    .map_err(|_| anyhow::anyhow!("--org: no organisation has the slug {slug}"))?;
                ids.push(organisation.id);
            }
            organisations::offer_server(&mut conn, &found.id, &ids)
                .map_err(|e| explain(e, locale))?;
            if ids.is_empty() {
                println!("{} is offered to every organisation", found.name);
            } else {
                println!("{} is offered to {}", found.name, orgs.join(", "));
            }
            Ok(())
        }
    }
}

fn add_server(
    conn: &mut AnyConnection,
    secrets: &SecretBox,
    tokens: &HookTokens,
    add: AddServer,
    locale: Locale,
) -> anyhow::Result<()> {
    let AddServer {
        name,
        url,
        token_mode,
        app_id,
        algorithm,
        secret_file,
        key_id,
        private_key_file,
        audience,
        subject,
        moderator_claim,
        features,
        token_margin_minutes,
        lobby_claims,
        default,
        hooks,
    } = add;
    let input = ServerInput {
        name,
        base_url: url,
        token_mode,
        algorithm,
        app_id: app_id.unwrap_or_default(),
        secret: read_secret(secret_file.as_deref(), "--secret-file")?,
        key_id: key_id.unwrap_or_default(),
        private_key: read_secret(private_key_file.as_deref(), "--private-key-file")?,
        audience,
        subject: subject.unwrap_or_default(),
        moderator_claim,
        features: features.unwrap_or_default(),
        token_margin_minutes: token_margin_minutes.to_string(),
        lobby_claims: lobby_claims.then(|| "on".to_owned()),
    };
    let settings = input.parse(false).map_err(|e| describe(&e, locale))?;
    // The hooks are checked before anything is stored, and stored with the server, so a refused
    // flag leaves no server behind.
    let hook_settings = if hooks.given() {
        let input = hooks.input(&HookView::of(None))?;
        Some(input.parse().map_err(|e| describe(&e, locale))?)
    } else {
        None
    };
    let server = conn
        .transaction(|conn| {
            let server = jitsi::add_server(conn, secrets, settings, default, None)?;
            if let Some(hook_settings) = hook_settings {
                conference::save_server_hooks(
                    conn,
                    tokens,
                    &server.id,
                    &server.name,
                    hook_settings,
                    None,
                )?;
            }
            Ok::<_, AppError>(server)
        })
        .map_err(|e| explain_server(e, locale))?;
    let default = if server.is_default {
        ", the default"
    } else {
        ""
    };
    println!("Added {} ({}){default}", server.name, server.base_url);
    Ok(())
}

fn list_servers(conn: &mut AnyConnection, json: bool, locale: Locale) -> anyhow::Result<()> {
    let servers = meetings::list_servers(conn).map_err(|e| explain(e, locale))?;
    if json {
        let rows: Vec<_> = servers
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.server.id, "name": s.server.name, "url": s.server.base_url,
                    "token_mode": s.server.token_mode.as_str(), "is_default": s.server.is_default,
                    "retired": s.server.is_retired(), "meetings": s.meetings,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if servers.is_empty() {
        println!("No Jitsi server yet. Add one with: treffpunkt server add --name … --url …");
    } else {
        for s in &servers {
            let state = if s.server.is_retired() {
                "retired"
            } else if s.server.is_default {
                "default"
            } else {
                "active"
            };
            println!(
                "{}  {}  {}  {}  {} meeting(s)  {}",
                s.server.name,
                s.server.base_url,
                s.server.token_mode.as_str(),
                state,
                s.meetings,
                s.server.id
            );
        }
    }
    Ok(())
}

/// `dial-in: conference.meet.example.org, 2 numbers; events: token set; reservations: off`.
fn hooks_summary(hooks: &HookView) -> String {
    let numbers = conference::parse_dial_in_numbers(&hooks.dial_in_numbers)
        .map(|n| n.len())
        .unwrap_or_default();
    let dial_in = if hooks.muc_domain.is_empty() {
        "off".to_owned()
    } else {
        format!("{}, {numbers} number(s)", hooks.muc_domain)
    };
    let token = |set: bool| if set { "token set" } else { "no token" };
    format!(
        "dial-in: {dial_in}; events: {}; reservations: {} ({}{})",
        token(hooks.events_token_set),
        hooks.reservations,
        token(hooks.reservations_token_set),
        if hooks.reservations_lobby {
            ", lobby"
        } else {
            ""
        }
    )
}

fn find(conn: &mut AnyConnection, key: &str, locale: Locale) -> anyhow::Result<JitsiServer> {
    jitsi::find_server_by_name_or_id(conn, key)
        .map_err(|e| explain(e, locale))?
        .ok_or_else(|| anyhow::anyhow!("no Jitsi server has the name or id \"{key}\""))
}

/// A secret from a file, or from standard input for `-`; one trailing line break is dropped.
fn read_secret(path: Option<&str>, flag: &str) -> anyhow::Result<String> {
    let text = match path {
        None => return Ok(String::new()),
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .with_context(|| format!("{flag}: cannot read standard input"))?;
            text
        }
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("{flag}: cannot read {path}"))?
        }
    };
    Ok(text.trim_end_matches(['\r', '\n']).to_owned())
}

fn explain_server(error: AppError, locale: Locale) -> anyhow::Error {
    match error {
        AppError::Validation(errors) => describe(&errors, locale),
        other => explain(other, locale),
    }
}

/// One line naming each refused flag: `--url: Give the server's address, …`.
fn describe(errors: &FieldErrors, locale: Locale) -> anyhow::Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|(field, error)| {
            let flag = match field {
                "base_url" => "--url".to_owned(),
                "secret" => "--secret-file".to_owned(),
                "private_key" => "--private-key-file".to_owned(),
                "dial_in_numbers" => "--dial-in-numbers-file".to_owned(),
                "events_token" => "--events-token-file".to_owned(),
                "reservations_token" => "--reservations-token-file".to_owned(),
                "room_presets" => "--room-presets-file".to_owned(),
                other => format!("--{}", other.replace('_', "-")),
            };
            format!("{flag}: {}", field_message(locale, error))
        })
        .collect();
    anyhow::anyhow!(lines.join("; "))
}
