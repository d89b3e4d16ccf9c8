//! Treffpunkt schedules Jitsi Meet video conferences for public administrations.
//!
//! Layering, downhill only: `web` and `cli` on top; `mail` (worker and composer) below them;
//! `accounts`, `meetings` and `jitsi` in the middle; `outbox`, `metrics`, `db` and `error` below;
//! `domain`, `config`, `i18n` and `when` at the ground. See ARCHITECTURE.md.

pub mod accounts;
pub mod audit;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod jitsi;
pub mod joining;
pub mod mail;
pub mod meetings;
pub mod metrics;
pub mod outbox;
pub mod sealing;
pub mod startup;
pub mod telemetry;
pub mod throttle;
pub mod web;
pub mod when;
