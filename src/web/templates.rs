//! Tera templates, compiled into the binary so a single file is a complete installation.

use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use anyhow::Context as _;
use fluent_templates::FluentLoader;
use tera::{Context, Tera};

use super::assets;
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n;

/// Every page template, by the name other templates and handlers use.
///
/// The biggest pages keep their content in `<page>_content.html`, included from the page's
/// `content` block: Tera keeps three copies of every block (the template's tree, its block map
/// and its inheritance chain), of an included template one — about 1 MiB less at rest. The page
/// keeps its `macros.html` import: Tera looks up an included template's macros in the page's.
const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../../templates/layout.html")),
    ("landing.html", include_str!("../../templates/landing.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
    (
        "dashboard_content.html",
        include_str!("../../templates/dashboard_content.html"),
    ),
    ("meeting.html", include_str!("../../templates/meeting.html")),
    (
        "meeting_content.html",
        include_str!("../../templates/meeting_content.html"),
    ),
    (
        "meeting_form.html",
        include_str!("../../templates/meeting_form.html"),
    ),
    (
        "meeting_form_content.html",
        include_str!("../../templates/meeting_form_content.html"),
    ),
    (
        "meeting_cancel.html",
        include_str!("../../templates/meeting_cancel.html"),
    ),
    ("sign_in.html", include_str!("../../templates/sign_in.html")),
    ("setup.html", include_str!("../../templates/setup.html")),
    (
        "settings.html",
        include_str!("../../templates/settings.html"),
    ),
    (
        "settings_content.html",
        include_str!("../../templates/settings_content.html"),
    ),
    (
        "admin_users.html",
        include_str!("../../templates/admin_users.html"),
    ),
    (
        "admin_users_content.html",
        include_str!("../../templates/admin_users_content.html"),
    ),
    (
        "admin_audit.html",
        include_str!("../../templates/admin_audit.html"),
    ),
    ("join.html", include_str!("../../templates/join.html")),
    (
        "join_content.html",
        include_str!("../../templates/join_content.html"),
    ),
    ("reply.html", include_str!("../../templates/reply.html")),
    (
        "reply_content.html",
        include_str!("../../templates/reply_content.html"),
    ),
    ("polls.html", include_str!("../../templates/polls.html")),
    (
        "poll_form.html",
        include_str!("../../templates/poll_form.html"),
    ),
    (
        "poll_form_content.html",
        include_str!("../../templates/poll_form_content.html"),
    ),
    ("poll.html", include_str!("../../templates/poll.html")),
    (
        "poll_content.html",
        include_str!("../../templates/poll_content.html"),
    ),
    (
        "poll_answer.html",
        include_str!("../../templates/poll_answer.html"),
    ),
    (
        "poll_answer_content.html",
        include_str!("../../templates/poll_answer_content.html"),
    ),
    (
        "poll_facts.html",
        include_str!("../../templates/poll_facts.html"),
    ),
    (
        "poll_counts.html",
        include_str!("../../templates/poll_counts.html"),
    ),
    (
        "poll_people.html",
        include_str!("../../templates/poll_people.html"),
    ),
    (
        "calendar_feed.html",
        include_str!("../../templates/calendar_feed.html"),
    ),
    (
        "date_form.html",
        include_str!("../../templates/date_form.html"),
    ),
    ("lobby.html", include_str!("../../templates/lobby.html")),
    (
        "lobby_list.html",
        include_str!("../../templates/lobby_list.html"),
    ),
    (
        "server_fields.html",
        include_str!("../../templates/server_fields.html"),
    ),
    (
        "admin_servers.html",
        include_str!("../../templates/admin_servers.html"),
    ),
    (
        "organisation_fields.html",
        include_str!("../../templates/organisation_fields.html"),
    ),
    (
        "admin_organisations.html",
        include_str!("../../templates/admin_organisations.html"),
    ),
    (
        "admin_organisations_content.html",
        include_str!("../../templates/admin_organisations_content.html"),
    ),
    (
        "admin_organisation.html",
        include_str!("../../templates/admin_organisation.html"),
    ),
    (
        "admin_branding.html",
        include_str!("../../templates/admin_branding.html"),
    ),
    (
        "admin_privacy.html",
        include_str!("../../templates/admin_privacy.html"),
    ),
    (
        "admin_servers_content.html",
        include_str!("../../templates/admin_servers_content.html"),
    ),
    (
        "admin_server.html",
        include_str!("../../templates/admin_server.html"),
    ),
    (
        "admin_server_hooks.html",
        include_str!("../../templates/admin_server_hooks.html"),
    ),
    (
        "admin_server_hooks_content.html",
        include_str!("../../templates/admin_server_hooks_content.html"),
    ),
    (
        "admin_outbox.html",
        include_str!("../../templates/admin_outbox.html"),
    ),
];

/// The compiled templates with translations (`fluent(key=…)`) and asset URLs (`asset(name=…)`).
#[derive(Clone)]
pub struct Templates(Arc<Tera>);

impl Templates {
    /// Compiles every template; a syntax error stops the start.
    pub fn load() -> anyhow::Result<Templates> {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES.iter().copied())
            .context("a page template does not compile")?;
        tera.register_function(
            "fluent",
            FluentLoader::new(&*i18n::LOCALES)
                .with_default_lang(i18n::language_id(Locale::default())),
        );
        tera.register_function("asset", assets::url_function());
        tera.register_filter("linkify", super::linkify::filter);
        let zones: Vec<&str> = crate::domain::TimeZone::names().collect();
        let zones = tera::to_value(zones).context("time zone names")?;
        // For the zone fields' suggestions (`<datalist>`), computed once.
        tera.register_function(
            "time_zones",
            move |_: &std::collections::HashMap<String, tera::Value>| Ok(zones.clone()),
        );
        Ok(Templates(Arc::new(tera)))
    }

    /// The values every page needs: its language and the languages it can switch to.
    pub fn context(&self, locale: Locale) -> Context {
        let mut context = Context::new();
        context.insert("lang", locale.tag());
        let others: Vec<&str> = Locale::ALL
            .iter()
            .filter(|other| **other != locale)
            .map(|other| other.tag())
            .collect();
        context.insert("other_langs", &others);
        context
    }

    /// Renders a template to a string.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, AppError> {
        self.0
            .render(name, context)
            .with_context(|| format!("rendering {name} failed"))
            .map_err(AppError::Internal)
    }

    /// Renders a template as a complete HTML answer (200).
    pub fn page(&self, name: &str, context: &Context) -> Result<HttpResponse, AppError> {
        Ok(HttpResponse::Ok()
            .content_type(ContentType::html())
            .body(self.render(name, context)?))
    }

    /// Renders a page from its view (a `Serialize` struct whose fields the template reads) on
    /// top of what every page needs (`viewer.context`), as a complete HTML answer (200).
    pub fn render_page(
        &self,
        viewer: &super::Viewer,
        name: &str,
        view: &impl serde::Serialize,
    ) -> Result<HttpResponse, AppError> {
        Ok(HttpResponse::Ok()
            .content_type(ContentType::html())
            .body(self.render_view(viewer, name, view)?))
    }

    /// The same, as text, for answers that need their own status and headers.
    pub fn render_view(
        &self,
        viewer: &super::Viewer,
        name: &str,
        view: &impl serde::Serialize,
    ) -> Result<String, AppError> {
        let mut context = viewer.context(self)?;
        context.extend(
            Context::from_serialize(view)
                .with_context(|| format!("the view of {name} is not an object"))
                .map_err(AppError::Internal)?,
        );
        self.render(name, &context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_in_every_language() {
        let templates = Templates::load().unwrap();
        for locale in Locale::ALL {
            let mut context = templates.context(locale);
            context.insert("status", &404);
            context.insert("message", "gone");
            context.insert("title_key", "error-page-title");
            // Everything any page expects, so each template is rendered in full.
            let values = serde_json::json!({
                "csrf_token": "t", "current_path": "/", "next": "/", "email": "a@b.test",
                "user": { "email": "a@b.test", "display_name": "A", "is_admin": true, "email_verified": true },
                "error": "e", "local_sign_in": true, "oidc_label": "SSO",
                "display_name": "A", "language": "de", "time_zone": "Europe/Berlin",
                "errors": { "email": "bad" }, "profile_errors": {}, "password_errors": {},
                "token_errors": {}, "notice_key": "settings-saved", "has_password": true,
                "profile": { "display_name": "A", "language": "en", "time_zone": "UTC" },
                "tokens": [{ "id": "1", "name": "n", "created_at": "x", "last_used_at": null }],
                "new_token": { "name": "n", "secret": "tp_x" },
                "users": [{ "id": "1", "email": "a@b.test", "display_name": "A", "is_admin": false,
                            "organisation_admin": true, "organisation": "Stadt A",
                            "organisation_slug": "stadt-a", "changeable": true,
                            "enabled": true, "is_me": false, "created_at": "x" }],
            });
            context.extend(tera::Context::from_value(values).unwrap());
            // Organisations, their branding and data protection.
            let organisations = serde_json::json!({
                "installation": true, "offered_organisations": "stadt-a", "organisation_id": "o1", "own_organisation_id": "o1",
                "confirming": true, "organisation_name": "Stadt A", "current_logo": "/branding/v/logo", "max_logo_kib": 512,
                "branding": { "name": "Stadt A", "logo_path": "/branding/v/logo", "stylesheet_path": "/branding/v/accent.css",
                              "imprint_url": "https://a.test/i", "privacy_url": "https://a.test/p", "accessibility_url": "https://a.test/a",
                              "data_stays_claim": true }, "erased": { "account": true, "meetings_organised": 1, "polls_organised": 0,
                                               "invitations": 2, "poll_invitations": 1, "mails": 3 },
                "upcoming": [{ "id": "m1", "title": "T", "starts": "x" }],
                "organisations": [{ "id": "o1", "slug": "stadt-a", "name": "Stadt A", "idp_hint": "stadt-a",
                                    "is_default": false, "domains": ["stadt-a.de"], "members": 3,
                                    "admins": ["a@b.test"] }],
                "organisation_buttons": [{ "slug": "stadt-a", "name": "Stadt A" }],
            });
            context.extend(tera::Context::from_value(organisations).unwrap());
            // One form value serves the meeting form and the server form.
            let mut form = serde_json::json!({
                "email": "", "display_name": "", "language": "de", "time_zone": "UTC",
                "title": "T", "description": "", "date": "2026-12-01", "start_time": "10:00", "end_date": "2026-12-01",
                "end_time": "11:00", "server_id": "", "lobby": "on", "join_minutes_before": "15",
                "invitees": "", "invitee_role": "participant", "invitee_language": "", "like": "m0",
                "repeat": "weekly", "repeat_interval": "2", "repeat_tu": "on", "repeat_end": "until",
                "repeat_until": "2027-06-30", "repeat_count": "",
                "rows": [{ "date": "2027-01-05", "start": "10:00", "duration": "60" }],
                "public_link": true, "show_answers": true, "deadline_date": "2027-01-01",
                "deadline_time": "", "reminder_hours": "24",
            });
            let server_form = serde_json::json!({
                "name": "Jitsi", "base_url": "https://m.test", "token_mode": "rsa", "algorithm": "HS256",
                "app_id": "a", "key_id": "k", "audience": "jitsi", "subject": "*",
                "moderator_claim": "both", "features": "", "token_margin_minutes": "60",
                "muc_domain": "conference.m.test", "dial_in_numbers": "[]",
                "reservations": "refuse-unplanned", "reservations_lobby": true, "room_presets": "[]",
                "screen_sharing": "moderators", "recording": "nobody", "private_chat": "default",
                "start_muted": "on",
            });
            if let (Some(form), Some(server)) = (form.as_object_mut(), server_form.as_object()) {
                form.extend(server.clone());
            }
            // The organisation and branding forms.
            let organisation_form = serde_json::json!({
                "slug": "stadt-a", "domains": "stadt-a.de", "idp_hint": "stadt-a", "organisation": "",
                "accent_colour": "#0b5cad", "imprint_url": "", "privacy_url": "", "accessibility_url": "",
                "mail_footer_de": "", "mail_footer_en": "", "invitation_intro_de": "", "invitation_intro_en": "",
                "data_stays_claim": "on",
            });
            if let (Some(form), Some(more)) = (form.as_object_mut(), organisation_form.as_object())
            {
                form.extend(more.clone());
            }
            context.insert("form", &form);
            let participant = serde_json::json!({ "id": "p1", "email": "b@c.test", "name": "B",
                                                "role": "moderator", "language": "de",
                                                "has_account": true, "join_url": "http://x/j/p",
                                                "delivery": { "state": "failed", "at": "x", "detail": "550 no such mailbox", "date": null },
                                                "date_deliveries": [{ "state": "failed", "at": "x", "detail": "550", "date": "Tue" }],
                                                "answer": { "partstat": "declined", "comment": "c", "at": "x", "by_calendar": true, "from_poll": true, "earlier_version": true, "date": null },
                                                "date_answers": [{ "partstat": "accepted", "comment": "c", "at": "x", "by_calendar": false, "earlier_version": false, "date": "Tue" }],
                                                "proposals": [{ "when": "w", "comment": "c", "date": "Tue", "received_at": "x" }] });
            let meeting_values = serde_json::json!({
                "meeting_id": "m1",
                "servers": [{ "id": "s1", "name": "Jitsi", "is_default": true }],
                "today": [{ "id": "m1", "title": "T", "when": "w", "organizer": "A", "invitees": 2,
                            "join_url": "http://x/j/t", "cancelled": false, "may_edit": true, "in_series": true,
                            "live": true, "running_now": "Running now · 4 people" }],
                "upcoming": [{ "id": "m2", "title": "U", "when": "w", "organizer": "A", "invitees": 1,
                               "join_url": "http://x/j/u", "cancelled": true, "may_edit": false }],
                "past": [], "past_page": 2, "more_past": true,
                "meeting": { "id": "m1", "title": "T", "description": "see https://x.test", "when": "w",
                             "planned_in": "p", "organizer": { "name": "A", "email": "a@b.test" },
                             "lobby": true, "join_minutes_before": 15, "room": "r", "revision": 1,
                             "room_settings": { "screen_sharing": "moderators", "recording": "nobody", "start_muted": true },
                             "cancelled": false, "join_url": "http://x/j/t",
                             "participants": [participant],
                             "tally": { "accepted": 1, "tentative": 0, "declined": 2, "open": 3, "date": "Tue" },
                             "series": { "rule": "every week on Tuesday",
                                         "dates": [{ "recurrence_id": "20270105T090000Z", "when": "w",
                                                     "title": "T2", "cancelled": false, "changed": true,
                                                     "past": false }] } },
                "add": { "invitees": "x", "invitee_role": "moderator", "invitee_language": "en" },
                "add_errors": { "invitees": "bad" }, "open_room": true,
                "servers": [{ "id": "s1", "name": "Jitsi", "is_default": true, "base_url": "https://m.test",
                              "token_mode": "shared_secret", "algorithm": "HS256", "retired": false,
                              "meetings": 0, "managed": true, "offered_to": ["Stadt A"] }],
                "server_id": "s1", "editing": true,
                "state": "waiting", "organizer_name": "A", "cancelled_dates": ["Tue, 5 Jan 2027"],
                "meeting_title": "T", "time_zone": "Europe/Berlin", "recurrence_id": "20270105T090000Z",
                "presets": [{ "key": "s1/B", "name": "Bürgersprechstunde", "server": "Jitsi" }],
                "preview": { "rule": "every 2 weeks on Tuesday", "dates": ["Tue, 5 Jan 2027, 10:00–11:00 (CET)"] }, "name": "B", "no_server": false, "open_room": true,
                "opens": { "at": "x", "wait_key": "wait-minutes", "wait_count": 5 },
                "overtime": { "planned_end": "11:00 (CET)", "closes": "12:00 (CET)" },
                "title": "T", "seen": "p1,p2", "lobby_seen": "p1,p2", "back": "lobby", "refresh_seconds": 5,
                "waiting": [{ "participant_id": "p1", "name": "B", "email": "b@c.test", "since": "10:01 (CET)" },
                            { "participant_id": "p2", "name": "C", "email": "c@c.test", "since": "10:02 (CET)" }],
            });
            context.extend(tera::Context::from_value(meeting_values).unwrap());
            let more = serde_json::json!({
                "entries": [{ "occurred_at": "x", "action": "signed_in", "actor": "a", "target": "–",
                              "ip": "127.0.0.1", "detail": "" }],
                "states": [{ "state": "pending", "count": 1 }, { "state": "discarded", "count": 0 }],
                "failed": [{ "id": "j1", "kind": "invitation", "meeting_id": "m1", "recipient": "b@c.test",
                             "attempts": 1, "error": "550", "queued_at": "x", "failed_at": "y" }],
                "when": "w", "series": true, "date": "Tue, 5 Jan", "date_id": "20270105T090000Z",
                "chosen": "declined", "comment": "c", "cancelled": false, "recorded": true,
                "current": { "partstat": "accepted", "at": "x", "for_series": true },
                "replies": [{ "answer": "accepted", "url": "/j/t/reply?answer=accepted" }],
                "feed": { "url": "https://x/calendar/t.ics", "webcal_url": "webcal://x/calendar/t.ics", "created_at": "x" },
                "reply_digest": true,
                "failures": [{ "meeting_id": "m1", "title": "T", "email": "b@c.test", "error": "550" }],
            });
            context.extend(tera::Context::from_value(more).unwrap());
            let polls = serde_json::json!({
                "polls": [{ "id": "q1", "title": "T", "closed": true, "deadline": "x", "own": false }],
                "poll": { "id": "q1", "title": "T", "description": "d", "zone": "Europe/Berlin",
                          "planned_zone": "UTC", "deadline": "x", "closed": false, "chosen": "w",
                          "meeting_id": "m1", "public_url": "http://x/p/t", "show_answers": true,
                          "asked": 2, "answered": 1,
                          "proposals": [{ "id": "o1", "when": "w", "yes": 1, "maybe": 0, "no": 1,
                                          "best": true, "chosen": true, "own": "yes" }] },
                "people": [{ "name": "B", "email": "b@c.test", "guest": true, "answered": true,
                             "cells": "<td>Yes</td>" }],
                "meeting_link": true, "guest": true, "saved": true, "own_url": "http://x/p/u",
                "guest_name": "G", "guest_email": "",
            });
            context.extend(tera::Context::from_value(polls).unwrap());
            let hooks = serde_json::json!({
                "dial_in": { "by_phone": "By phone: +49 721 1 (DE), PIN 123 456 789#",
                             "one_tap": "One tap", "tel_text": "tel:+497211,,123456789#",
                             "tel_href": "tel:+497211,,123456789%23", "others": "Other: +43 1 (AT)" },
                "running_now": "Running now · 4 people", "presence_url": "/presence",
                "attendance": [{ "name": "B", "email": "b@c.test", "kind": "phone", "invited": true,
                                 "joined": "x", "left": "", "minutes": 12 }],
                "server_name": "Jitsi", "hook_base": "https://t.test/jitsi",
                "view": { "events_token_set": true, "reservations_token_set": false },
            });
            context.extend(tera::Context::from_value(hooks).unwrap());
            for (name, _) in TEMPLATES.iter().filter(|(name, _)| {
                !matches!(
                    *name,
                    "macros.html"
                        | "server_fields.html"
                        | "organisation_fields.html"
                        | "lobby_list.html"
                        | "poll_facts.html"
                        | "poll_counts.html"
                        | "poll_people.html"
                ) && !name.ends_with("_content.html")
            }) {
                let html = templates.render(name, &context).unwrap();
                assert!(
                    html.contains(&format!("lang=\"{}\"", locale.tag())),
                    "{name}"
                );
            }
        }
    }
}
