//! `treffpunkt token create`: API tokens for scripts.

use clap::Subcommand;

use super::user::explain;
use crate::accounts;
use crate::config::Config;
use crate::domain::{Email, Locale, TokenName};
use crate::error::field_message;

#[derive(Debug, Subcommand)]
pub(super) enum TokenCommand {
    /// Create an API token for an account and print it (alone, on standard output).
    Create {
        /// The account's e-mail address.
        #[arg(long)]
        email: String,
        /// What the token is for, shown in the account's settings.
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

pub(super) fn run(config: &Config, command: TokenCommand, locale: Locale) -> anyhow::Result<()> {
    let TokenCommand::Create { email, name } = command;
    let email = Email::parse(&email)
        .map_err(|e| anyhow::anyhow!("--email: {}", field_message(locale, &e)))?;
    let name = TokenName::parse(&name)
        .map_err(|e| anyhow::anyhow!("--name: {}", field_message(locale, &e)))?;
    let db = super::open_database(config)?;
    let mut conn = db.get()?;
    let user = accounts::find_user_by_email(&mut conn, &email)
        .map_err(|e| explain(e, locale))?
        .ok_or_else(|| anyhow::anyhow!("no account has the address {}", email.as_str()))?;
    if !user.is_enabled() {
        anyhow::bail!("the account {} is disabled", user.email);
    }
    let issued = accounts::create_api_token(&mut conn, &user.id, &name, None)
        .map_err(|e| explain(e, locale))?;
    println!("{}", issued.secret);
    Ok(())
}
