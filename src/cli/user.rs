//! `treffpunkt user add|list`.

use std::io::Read;

use anyhow::Context;
use clap::Subcommand;

use crate::accounts::{self, AccountInput, NewAccount};
use crate::config::Config;
use crate::domain::Locale;
use crate::error::{AppError, FieldErrors, field_message};
use crate::organisations;

#[derive(Debug, Subcommand)]
pub(super) enum UserCommand {
    /// Create a staff account.
    Add {
        /// The address the person signs in with.
        #[arg(long)]
        email: String,
        /// The name shown to others.
        #[arg(long)]
        name: String,
        /// Allow the account to manage users and servers.
        #[arg(long)]
        admin: bool,
        /// Read a password from standard input (one line); without it the account has no
        /// local password and signs in through single sign-on.
        #[arg(long)]
        password_stdin: bool,
        /// Language for pages and mails: de or en.
        #[arg(long, default_value = "de")]
        language: String,
        /// IANA time zone for showing times.
        #[arg(long, default_value = "Europe/Berlin")]
        time_zone: String,
        /// The organisation's slug; without it the address's domain decides (else the default
        /// organisation).
        #[arg(long)]
        org: Option<String>,
    },
    /// List every account.
    List {
        /// Print JSON instead of a table, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Give an account a new password, read from standard input (one line); ends its sessions.
    /// The way back in when the only administrator forgot theirs.
    SetPassword {
        /// The account's e-mail address.
        #[arg(long)]
        email: String,
    },
}

pub(super) fn run(config: &Config, command: UserCommand, locale: Locale) -> anyhow::Result<()> {
    let db = super::open_database(config)?;
    let mut conn = db.get()?;
    match command {
        UserCommand::Add {
            email,
            name,
            admin,
            password_stdin,
            language,
            time_zone,
            org,
        } => {
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let account = parse_account(
                &email,
                &name,
                admin,
                password.as_deref(),
                &language,
                &time_zone,
            )
            .map_err(|errors| anyhow::anyhow!(describe(&errors, locale)))?;
            let mut account = account;
            if let Some(slug) = org {
                let organisation = organisations::organisation_by_slug(&mut conn, &slug)
                    .map_err(|_| anyhow::anyhow!("--org: no organisation has the slug {slug}"))?;
                account.organisation_id = Some(organisation.id);
            }
            let user = accounts::add_user(&mut conn, account).map_err(|e| explain(e, locale))?;
            println!(
                "created {} ({}){}",
                user.email,
                user.id,
                if user.is_admin {
                    " as administrator"
                } else {
                    ""
                }
            );
        }
        UserCommand::SetPassword { email } => {
            let email = crate::domain::Email::parse(&email)
                .map_err(|e| anyhow::anyhow!("--email: {}", field_message(locale, &e)))?;
            let password = crate::domain::Password::parse(&read_password()?)
                .map_err(|e| anyhow::anyhow!("password: {}", field_message(locale, &e)))?;
            let user = accounts::find_user_by_email(&mut conn, &email)
                .map_err(|e| explain(e, locale))?
                .ok_or_else(|| anyhow::anyhow!("no account has the address {}", email.as_str()))?;
            accounts::set_password(&mut conn, &user.id, &password)
                .map_err(|e| explain(e, locale))?;
            println!("set a new password for {}", user.email);
        }
        UserCommand::List { json } => {
            let users = accounts::list_users(&mut conn).map_err(|e| explain(e, locale))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                print_table(&users);
            }
        }
    }
    Ok(())
}

fn parse_account(
    email: &str,
    name: &str,
    is_admin: bool,
    password: Option<&str>,
    language: &str,
    time_zone: &str,
) -> Result<NewAccount, FieldErrors> {
    NewAccount::parse(AccountInput {
        email,
        display_name: name,
        password,
        language,
        time_zone,
        is_admin,
    })
}

/// The command-line flag that carries a field.
fn flag(field: &str) -> &str {
    match field {
        "email" => "--email",
        "display_name" => "--name",
        "language" => "--language",
        "time_zone" => "--time-zone",
        other => other,
    }
}

/// One line per refused field: `--email: This is not a valid e-mail address.`
fn describe(errors: &FieldErrors, locale: Locale) -> String {
    errors
        .iter()
        .map(|(field, error)| format!("{}: {}", flag(field), field_message(locale, error)))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn explain(error: AppError, locale: Locale) -> anyhow::Error {
    match error {
        AppError::Internal(e) | AppError::Unavailable(e) => e,
        AppError::Validation(errors) => anyhow::anyhow!(describe(&errors, locale)),
        other => anyhow::anyhow!(other.message(locale)),
    }
}

fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the password from standard input")?;
    let line = input.strip_suffix('\n').unwrap_or(&input);
    Ok(line.strip_suffix('\r').unwrap_or(line).to_owned())
}

fn print_table(users: &[accounts::User]) {
    if users.is_empty() {
        println!(
            "No accounts yet. Create one with: treffpunkt user add --email … --name … --admin"
        );
        return;
    }
    let width = users
        .iter()
        .map(|u| u.email.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!("{:<width$}  {:<5}  {:<8}  NAME", "EMAIL", "ADMIN", "STATUS");
    for user in users {
        let status = if user.disabled_at.is_some() {
            "disabled"
        } else {
            "active"
        };
        let admin = if user.is_admin { "yes" } else { "no" };
        println!(
            "{:<width$}  {:<5}  {:<8}  {}",
            user.email, admin, status, user.display_name
        );
    }
}
