//! `/admin/servers/{id}/hooks`: what a Jitsi server calls back (dial-in, room events,
//! reservations). Tokens go in and never come back out: the page only says whether one is set.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::Value;

use crate::audit::Actor;
use crate::conference::{self, HookInput, HookTokens, HookView, ServerHooks};
use crate::config::Config;
use crate::db::Db;
use crate::error::{AppError, FieldErrors};
use crate::jitsi::{self, JitsiServer};
use crate::organisations::{self, Scope};
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::{Administrator, SignedIn};
use crate::web::session;
use crate::web::templates::Templates;

/// The hook settings of one server.
pub async fn page(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    id: web::Path<String>,
    db: web::Data<Db>,
    config: web::Data<Config>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (server, hooks) = server_and_hooks(&db, scope, id.into_inner()).await?;
    let view = HookView::of(hooks.as_ref());
    let form = FormValues::from_view(&view);
    render(
        &admin,
        &templates,
        &config,
        Page {
            server_id: &server.id,
            server_name: &server.name,
            form,
            view,
            errors: Value::Object(Default::default()),
        },
        StatusCode::OK,
    )
}

/// Saves them; empty token fields keep the stored tokens.
pub async fn save(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<HookInput>,
    db: web::Data<Db>,
    tokens: web::Data<HookTokens>,
    config: web::Data<Config>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (server, stored) = server_and_hooks(&db, scope, id.into_inner()).await?;
    let refused = |errors: &FieldErrors| {
        let view = HookView::of(stored.as_ref());
        render(
            &admin,
            &templates,
            &config,
            Page {
                server_id: &server.id,
                server_name: &server.name,
                form: FormValues::from_input(&form),
                view,
                errors: form_errors(errors, admin.viewer.locale),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let settings = match form.parse() {
        Ok(settings) => settings,
        Err(errors) => return refused(&errors),
    };
    let actor = admin.user.id.clone();
    let (server_id, server_name) = (server.id.clone(), server.name.clone());
    let tokens = tokens.into_inner();
    let saved = db
        .run(move |conn| {
            Ok(conference::save_server_hooks(
                conn,
                &tokens,
                &server_id,
                &server_name,
                settings,
                Some(Actor {
                    user_id: &actor,
                    ip: None,
                }),
            ))
        })
        .await?;
    match saved {
        Ok(_) => {
            session::set_notice(&admin.viewer.session, "server-saved")?;
            Ok(see_other(&format!("/admin/servers/{}/hooks", server.id)))
        }
        Err(AppError::Validation(errors)) => refused(&errors),
        Err(other) => Err(other),
    }
}

/// The server (404 if there is none) and its hook settings, if any were given.
async fn server_and_hooks(
    db: &Db,
    scope: Scope,
    id: String,
) -> Result<(JitsiServer, Option<ServerHooks>), AppError> {
    db.run(move |conn| {
        let server = jitsi::find_server(conn, &id)?;
        organisations::may_manage_server(conn, &scope, &server.id)?;
        let hooks = conference::server_hooks(conn, &server.id)?;
        Ok((server, hooks))
    })
    .await
}

#[derive(Serialize)]
struct Page<'a> {
    server_id: &'a str,
    server_name: &'a str,
    form: FormValues,
    view: HookView,
    errors: Value,
}

/// What the form shows: the settings as typed, never a token.
#[derive(Serialize)]
struct FormValues {
    muc_domain: String,
    dial_in_numbers: String,
    reservations: String,
    reservations_lobby: bool,
    room_presets: String,
}

impl FormValues {
    fn from_view(view: &HookView) -> FormValues {
        FormValues {
            muc_domain: view.muc_domain.clone(),
            dial_in_numbers: view.dial_in_numbers.clone(),
            reservations: view.reservations.to_owned(),
            reservations_lobby: view.reservations_lobby,
            room_presets: view.room_presets.clone(),
        }
    }

    fn from_input(input: &HookInput) -> FormValues {
        FormValues {
            muc_domain: input.muc_domain.clone(),
            dial_in_numbers: input.dial_in_numbers.clone(),
            reservations: input.reservations.clone(),
            reservations_lobby: input.reservations_lobby.is_some(),
            room_presets: input.room_presets.clone(),
        }
    }
}

fn render(
    admin: &SignedIn,
    templates: &Templates,
    config: &Config,
    page: Page<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let base = config.base_url_str().trim_end_matches('/').to_owned();
    let mut context = serde_json::to_value(&page).map_err(|e| AppError::Internal(e.into()))?;
    context["hook_base"] = Value::String(format!("{base}/jitsi"));
    context["notice_key"] =
        session::take_notice(&admin.viewer.session).map_or(Value::Null, Value::String);
    let mut response = templates.render_page(&admin.viewer, "admin_server_hooks.html", &context)?;
    *response.status_mut() = status;
    Ok(response)
}
