//! `treffpunkt org add|update|list|admin`: the organisations of a shared installation.

use clap::Subcommand;

use super::user::explain;
use crate::accounts;
use crate::config::Config;
use crate::db::AnyConnection;
use crate::domain::{Email, Locale};
use crate::error::{AppError, FieldErrors, field_message};
use crate::jitsi;
use crate::organisations::{self, OrganisationInput, OrganisationListing};

#[derive(Debug, Subcommand)]
pub(super) enum OrgCommand {
    /// Add an organisation (a city, an authority).
    Add {
        /// The name people read: "Stadt A".
        #[arg(long)]
        name: String,
        /// A short lower-case name: stadt-a.
        #[arg(long)]
        slug: String,
        /// An address domain whose accounts belong to it: stadt-a.de, or *.stadt-a.de for its
        /// subdomains. May be given several times.
        #[arg(long = "domain")]
        domains: Vec<String>,
        /// Keycloak's alias of the city's identity provider: the sign-in page offers "Sign in
        /// with <name>", and an organisation claim naming it places accounts here.
        #[arg(long)]
        idp_hint: Option<String>,
    },
    /// Change an organisation; flags not given keep their value.
    Update {
        /// The organisation's slug.
        slug: String,
        #[arg(long)]
        name: Option<String>,
        /// A new slug.
        #[arg(long)]
        new_slug: Option<String>,
        /// Replaces the domains (give --domain once per domain; --no-domains for none).
        #[arg(long = "domain")]
        domains: Vec<String>,
        /// Removes every domain.
        #[arg(long, conflicts_with = "domains")]
        no_domains: bool,
        /// A new alias; an empty value removes it.
        #[arg(long)]
        idp_hint: Option<String>,
        /// The server (id or name) its members' meetings run on unless they pick another; an
        /// empty value goes back to the installation's default.
        #[arg(long)]
        default_server: Option<String>,
    },
    /// List the organisations.
    List {
        /// Print JSON instead of a table, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Organisation administrators.
    #[command(subcommand)]
    Admin(OrgAdminCommand),
}

#[derive(Debug, Subcommand)]
pub(super) enum OrgAdminCommand {
    /// Make an account an administrator of its organisation (moving it there first if it
    /// belongs to another).
    Add {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
    },
    /// Take an organisation's administration away from an account.
    Remove {
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
    },
}

pub(super) fn run(config: &Config, command: OrgCommand, locale: Locale) -> anyhow::Result<()> {
    let db = super::open_database(config)?;
    let mut conn = db.get()?;
    let conn = &mut conn;
    match command {
        OrgCommand::Add {
            name,
            slug,
            domains,
            idp_hint,
        } => {
            let input = OrganisationInput {
                name,
                slug,
                domains: domains.join(","),
                idp_hint: idp_hint.unwrap_or_default(),
            };
            let fields = input.parse().map_err(|e| refused(&e, locale))?;
            let organisation = organisations::add_organisation(conn, None, &fields)
                .map_err(|e| explain_org(e, locale))?;
            println!("added {} ({})", organisation.slug, organisation.id);
        }
        OrgCommand::Update {
            slug,
            name,
            new_slug,
            domains,
            no_domains,
            idp_hint,
            default_server,
        } => {
            let listing = listing(conn, &slug)?;
            let organisation = &listing.organisation;
            let input = OrganisationInput {
                name: name.unwrap_or_else(|| organisation.name.clone()),
                slug: new_slug.unwrap_or_else(|| organisation.slug.clone()),
                domains: if no_domains {
                    String::new()
                } else if domains.is_empty() {
                    listing.domains.join(",")
                } else {
                    domains.join(",")
                },
                idp_hint: idp_hint
                    .unwrap_or_else(|| organisation.idp_hint.clone().unwrap_or_default()),
            };
            let fields = input.parse().map_err(|e| refused(&e, locale))?;
            let saved = organisations::update_organisation(conn, None, &organisation.id, &fields)
                .map_err(|e| explain_org(e, locale))?;
            if let Some(server) = default_server {
                let server_id = match server.trim() {
                    "" => None,
                    key => {
                        let server = jitsi::find_server_by_name_or_id(conn, key)
                            .map_err(|e| explain(e, locale))?
                            .ok_or_else(|| {
                                anyhow::anyhow!("--default-server: no server is called {key}")
                            })?;
                        jitsi::usable_server(conn, &saved.id, server.id.clone()).map_err(|_| {
                            anyhow::anyhow!(
                                "--default-server: {} is retired or not offered to {}",
                                server.name,
                                saved.slug
                            )
                        })?;
                        Some(server.id)
                    }
                };
                organisations::set_default_server(conn, &saved.id, server_id.as_deref())
                    .map_err(|e| explain(e, locale))?;
            }
            println!("saved {}", saved.slug);
        }
        OrgCommand::List { json } => {
            let listings =
                organisations::organisation_listings(conn).map_err(|e| explain(e, locale))?;
            if json {
                let document = serde_json::json!({ "organisations": listings });
                println!("{}", serde_json::to_string_pretty(&document)?);
            } else {
                print_table(&listings);
            }
        }
        OrgCommand::Admin(OrgAdminCommand::Add { org, email }) => {
            let (organisation, user) = organisation_and_account(conn, &org, &email, locale)?;
            if user.organisation_id != organisation.id {
                organisations::move_account(conn, None, &user.id, &organisation.id)
                    .map_err(|e| explain(e, locale))?;
            }
            organisations::set_organisation_admin(conn, None, &user.id, true)
                .map_err(|e| explain(e, locale))?;
            println!("{} administers {}", user.email, organisation.slug);
        }
        OrgCommand::Admin(OrgAdminCommand::Remove { org, email }) => {
            let (organisation, user) = organisation_and_account(conn, &org, &email, locale)?;
            if user.organisation_id != organisation.id {
                anyhow::bail!("{} does not belong to {}", user.email, organisation.slug);
            }
            organisations::set_organisation_admin(conn, None, &user.id, false)
                .map_err(|e| explain(e, locale))?;
            println!("{} no longer administers {}", user.email, organisation.slug);
        }
    }
    Ok(())
}

fn listing(conn: &mut AnyConnection, slug: &str) -> anyhow::Result<OrganisationListing> {
    organisations::organisation_listings(conn)
        .map_err(|e| anyhow::anyhow!("{e:#}"))?
        .into_iter()
        .find(|listing| listing.organisation.slug == slug)
        .ok_or_else(|| anyhow::anyhow!("no organisation has the slug {slug}"))
}

fn organisation_and_account(
    conn: &mut AnyConnection,
    slug: &str,
    email: &str,
    locale: Locale,
) -> anyhow::Result<(organisations::Organisation, accounts::User)> {
    let organisation = organisations::organisation_by_slug(conn, slug)
        .map_err(|_| anyhow::anyhow!("--org: no organisation has the slug {slug}"))?;
    let email = Email::parse(email)
        .map_err(|e| anyhow::anyhow!("--email: {}", field_message(locale, &e)))?;
    let user = accounts::find_user_by_email(conn, &email)
        .map_err(|e| explain(e, locale))?
        .ok_or_else(|| anyhow::anyhow!("no account has the address {}", email.as_str()))?;
    Ok((organisation, user))
}

/// The command-line flag that carries a field.
fn flag(field: &str) -> &str {
    match field {
        "name" => "--name",
        "slug" => "--slug",
        "domains" => "--domain",
        "idp_hint" => "--idp-hint",
        other => other,
    }
}

fn refused(errors: &FieldErrors, locale: Locale) -> anyhow::Error {
    anyhow::anyhow!(
        errors
            .iter()
            .map(|(field, error)| format!("{}: {}", flag(field), field_message(locale, error)))
            .collect::<Vec<_>>()
            .join("; ")
    )
}

fn explain_org(error: AppError, locale: Locale) -> anyhow::Error {
    match error {
        AppError::Validation(errors) => refused(&errors, locale),
        other => explain(other, locale),
    }
}

fn print_table(listings: &[OrganisationListing]) {
    let width = listings
        .iter()
        .map(|l| l.organisation.slug.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:>8}  {:<24}  NAME",
        "SLUG", "ACCOUNTS", "DOMAINS"
    );
    for listing in listings {
        let default = if listing.organisation.is_default {
            " (default)"
        } else {
            ""
        };
        println!(
            "{:<width$}  {:>8}  {:<24}  {}{}",
            listing.organisation.slug,
            listing.members,
            listing.domains.join(","),
            listing.organisation.name,
            default
        );
    }
}
