//! `treffpunkt retention run [--dry-run]`: the daily retention job, by hand.

use clap::Subcommand;

use super::user::explain;
use crate::config::Config;
use crate::db;
use crate::domain::Locale;
use crate::retention::{self, Mode, Retention};

#[derive(Debug, Subcommand)]
pub(super) enum RetentionCommand {
    /// Delete what is kept longer than TREFFPUNKT_RETENTION_DAYS and
    /// TREFFPUNKT_OUTBOX_RETENTION_DAYS allow (and audit addresses after 7, entries after 365
    /// days), now, in batches; prints what it did.
    Run {
        /// Count what would be deleted, deleting nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print JSON instead of lines, for scripts.
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn run(
    config: &Config,
    command: RetentionCommand,
    locale: Locale,
) -> anyhow::Result<()> {
    let RetentionCommand::Run { dry_run, json } = command;
    let db = super::open_database(config)?;
    let mut conn = db.get()?;
    let job = Retention {
        config: config.retention,
        mode: if dry_run { Mode::DryRun } else { Mode::Apply },
    };
    let report =
        retention::run_blocking(&mut conn, job, db::now()).map_err(|e| explain(e, locale))?;
    if json {
        let document = serde_json::json!({
            "dry_run": dry_run,
            "steps": report.steps,
            "took_ms": report.took.as_millis() as u64,
            "longest_batch_ms": report.longest_batch.as_millis() as u64,
        });
        println!("{}", serde_json::to_string_pretty(&document)?);
        return Ok(());
    }
    let verb = if dry_run { "would remove" } else { "removed" };
    for step in &report.steps {
        if step.jobs > 0 {
            println!(
                "{:<16} {verb} {} (and {} mails about them)",
                step.step.name(),
                step.rows,
                step.jobs
            );
        } else {
            println!("{:<16} {verb} {}", step.step.name(), step.rows);
        }
    }
    println!(
        "took {} ms in {} batches; the longest held its locks {} ms",
        report.took.as_millis(),
        report.batches,
        report.longest_batch.as_millis()
    );
    Ok(())
}
