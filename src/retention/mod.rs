//! The daily retention job: personal data is deleted once it is no longer needed (meetings
//! and polls a set time after they ended, sent mails' payloads after two weeks, audit
//! addresses after a week and entries after a year). It runs in the mail worker, once a day
//! across every worker (claimed in `maintenance_runs`), in bounded batches that each hold
//! their locks briefly; `treffpunkt retention run [--dry-run]` runs it by hand.

mod claim;
mod run;
mod schedule;

pub use run::{BATCH, Mode, Report, Retention, Step, StepReport, run, run_blocking};
pub use schedule::spawn;
