//! The `treffpunkt` command line: `serve` (default), `worker`, `migrate`, `user …`, `token …`,
//! `server …`, `org …`, `retention run`, `privacy export|erase`.

mod org;
mod privacy;
mod retention;
mod server;
mod token;
mod user;
mod worker;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{self, Config, LogConfig};
use crate::domain::Locale;
use crate::startup::{Application, Migrate};
use crate::{db, organisations, telemetry};

/// Exit code for a bad setting (sysexits' EX_CONFIG), so service managers can tell it apart.
const EXIT_CONFIG: u8 = 78;

#[derive(Debug, Parser)]
#[command(
    name = "treffpunkt",
    version,
    about = "Schedules Jitsi Meet video conferences with calendar invitations and personal join links.",
    after_help = "Settings come from environment variables and an optional ./.env file; \
                  see .env.example for every variable.\nWithout a subcommand, `serve` runs."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (the default). Applies pending migrations first.
    Serve {
        /// Do not migrate; refuse to start if the database schema is behind.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Run only the mail worker: send invitations from the outbox until stopped. Several may run
    /// against one PostgreSQL. Applies pending migrations first.
    Worker {
        /// Do not migrate; refuse to start if the database schema is behind.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Manage Jitsi servers.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Manage organisations (cities, authorities) and their administrators.
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Delete personal data kept longer than the retention settings allow.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// Hand out (GDPR Art. 15) or erase (Art. 17) everything stored about an address.
    #[command(subcommand)]
    Privacy(privacy::PrivacyCommand),
}

/// Parses the arguments, loads the settings and runs the command; never panics on bad input.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match load_config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("treffpunkt: configuration error: {error}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let outcome = match cli.command.unwrap_or(Command::Serve { no_migrate: false }) {
        Command::Serve { no_migrate } => serve(
            config,
            if no_migrate {
                Migrate::Skip
            } else {
                Migrate::Apply
            },
        ),
        Command::Worker { no_migrate } => worker::run(
            config,
            if no_migrate {
                Migrate::Skip
            } else {
                Migrate::Apply
            },
        ),
        Command::Migrate => migrate(&config),
        Command::User(command) => user::run(&config, command, cli_locale()),
        Command::Token(command) => token::run(&config, command, cli_locale()),
        Command::Server(command) => server::run(&config, command, cli_locale()),
        Command::Org(command) => org::run(&config, command, cli_locale()),
        Command::Retention(command) => retention::run(&config, command, cli_locale()),
        Command::Privacy(command) => privacy::run(&config, command, cli_locale()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("treffpunkt: {}", one_line(&format!("{error:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Logging is set up first, so warnings while reading the rest (e.g. about the key file) are seen.
fn load_config() -> Result<Config, config::ConfigError> {
    config::load_dotenv()?;
    telemetry::init(&LogConfig::from_source(&config::Environment)?);
    Config::from_source(&config::Environment)
}

fn serve(config: Config, migrate: Migrate) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let application = Application::build(config, migrate).await?;
        if let Some(url) = application.setup_url() {
            // Printed, never logged: the link is a credential until the first account exists.
            println!("No account exists yet. Create the first administrator at {url}");
        }
        application.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// The database for one command: migrated, with the first organisation named (as a first
/// start of the server would), since accounts and servers are placed in organisations.
fn open_database(config: &Config) -> anyhow::Result<db::Db> {
    let (db, _applied) = db::open(&config.database_url, 1, Migrate::Apply)?;
    let mut conn = db.get()?;
    organisations::name_first_organisation(&mut conn, &config.accounts.organisation_name)
        .map_err(|e| anyhow::anyhow!("cannot name the first organisation: {e:#}"))?;
    Ok(db)
}

fn migrate(config: &Config) -> anyhow::Result<()> {
    let (_db, applied) = db::open(&config.database_url, 1, Migrate::Apply)?;
    if applied.is_empty() {
        println!("The database is up to date.");
    } else {
        for version in applied {
            println!("applied {version}");
        }
    }
    Ok(())
}

/// Messages for people at a terminal follow their `LANG`, like other command-line tools.
fn cli_locale() -> Locale {
    std::env::var("LANG")
        .ok()
        .and_then(|lang| Locale::from_tag(&lang))
        .unwrap_or(Locale::En)
}

/// Driver errors span several lines; an operator's log wants one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
