//! Integration tests through the real HTTP server and the real binary.
//!
//! One test binary (not one per file) keeps linking time down. Every test gets its own
//! database: a fresh SQLite file, or with `TEST_DATABASE_URL=postgres://…` a fresh
//! PostgreSQL database that is dropped afterwards.

mod helpers;

mod api_client;
mod assets;
mod attempt_limits;
mod branding;
mod calendar_feed;
mod cli;
mod cli_accounts;
mod csrf;
mod dovecot;
mod errors;
mod first_run;
mod hardening;
mod health;
mod idempotency;
mod imip_replies;
mod jitsi_docs;
mod jitsi_events;
mod jitsi_hooks;
mod jitsi_reservations;
mod jitsi_servers;
mod join;
mod lobby;
mod lockout;
mod mail;
mod meetings_api;
mod meetings_bad_input;
mod meetings_web;
mod oidc;
mod organisations;
mod outbox;
mod pages;
mod poll_guests;
mod polls;
mod polls_web;
mod privacy;
mod privacy_record;
mod prosody;
mod replies;
mod retention;
mod room_settings;
mod schema;
mod series;
mod series_changes;
mod series_join;
mod series_mail;
mod series_web;
mod settings;
mod shutdown;
mod sign_in;
mod smtp;
