//! `treffpunkt privacy export|erase --email …`: GDPR access and erasure for one address.

use clap::Subcommand;

use super::user::explain;
use crate::config::Config;
use crate::domain::{Email, Locale};
use crate::error::field_message;
use crate::privacy::{self, ErasureRefused};

#[derive(Debug, Subcommand)]
pub(super) enum PrivacyCommand {
    /// Print everything stored about an address as one JSON document (GDPR Art. 15).
    Export {
        #[arg(long)]
        email: String,
    },
    /// Remove every trace of an address (GDPR Art. 17): its invitations become "deleted
    /// person" and their links stop working, mails to it are dropped, its account is deleted
    /// with the meetings and polls it organised — unless it organises meetings still to come
    /// (then this names them and changes nothing).
    Erase {
        #[arg(long)]
        email: String,
    },
}

pub(super) fn run(config: &Config, command: PrivacyCommand, locale: Locale) -> anyhow::Result<()> {
    let db = super::open_database(config)?;
    let mut conn = db.get()?;
    let parse = |raw: &str| {
        Email::parse(raw).map_err(|e| anyhow::anyhow!("--email: {}", field_message(locale, &e)))
    };
    match command {
        PrivacyCommand::Export { email } => {
            let email = parse(&email)?;
            let document =
                privacy::export(&mut conn, None, &email).map_err(|e| explain(e, locale))?;
            println!("{}", serde_json::to_string_pretty(&document)?);
        }
        PrivacyCommand::Erase { email } => {
            let email = parse(&email)?;
            match privacy::erase(&mut conn, None, &email) {
                Ok(erased) => println!(
                    "erased {}: account {}, {} meeting(s) and {} poll(s) it organised deleted, \
                     {} invitation(s) and {} poll invitation(s) anonymised, {} mail(s) dropped",
                    email.as_str(),
                    if erased.account { "deleted" } else { "none" },
                    erased.meetings_organised,
                    erased.polls_organised,
                    erased.invitations,
                    erased.poll_invitations,
                    erased.mails
                ),
                Err(ErasureRefused::OrganisesUpcoming(meetings)) => {
                    let list: Vec<String> = meetings
                        .iter()
                        .map(|m| {
                            format!(
                                "\"{}\" ({}, {})",
                                m.title,
                                m.starts_at.format("%Y-%m-%d %H:%M UTC"),
                                m.id
                            )
                        })
                        .collect();
                    anyhow::bail!(
                        "{} organises meetings still to come; cancel them first, then erase: {}",
                        email.as_str(),
                        list.join(", ")
                    );
                }
                Err(ErasureRefused::Failed(error)) => return Err(explain(error, locale)),
            }
        }
    }
    Ok(())
}
