//! Treffpunkt schedules Jitsi Meet video conferences for public administrations.
//!
//! Layering, downhill only: `cli` and `web` on top; `mail` (worker and composer), then
//! `joining`, then `meetings`, then `jitsi` and `accounts`, then `organisations`; `outbox` and `audit` below them;
//! `db` and `error` below; `domain`, `config`, `i18n` and `when` at the ground. See
//! ARCHITECTURE.md.

pub mod accounts;
pub mod attempts;
pub mod audit;
pub mod cli;
pub mod conference;
pub mod config;
pub mod db;
pub mod digest;
pub mod domain;
pub mod error;
pub mod files;
pub mod housekeeping;
pub mod i18n;
pub mod jitsi;
pub mod joining;
pub mod mail;
pub mod meetings;
pub mod metrics;
pub mod organisations;
pub mod outbox;
pub mod polls;
pub mod privacy;
pub mod retention;
pub mod sealing;
pub mod startup;
pub mod telemetry;
pub mod web;
pub mod when;
