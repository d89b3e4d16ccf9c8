//! Administration of Jitsi servers: list, add, change, make default, retire, remove.
//! Secrets go in through the form and never come back out: the fields are always empty.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::Value;

use crate::audit::Actor;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, FieldErrors};
use crate::jitsi::{self, Features, JitsiServer, ServerInput, TokenMode};
use crate::meetings;
use crate::sealing::SecretBox;
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::{Admin, SignedIn};
use crate::web::session;
use crate::web::templates::Templates;

/// Every server, and a form to add one.
pub async fn list(
    Admin(admin): Admin,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let form = ServerInput {
        token_mode: "shared_secret".to_owned(),
        algorithm: "HS256".to_owned(),
        moderator_claim: "context".to_owned(),
        token_margin_minutes: jitsi::DEFAULT_TOKEN_MARGIN_MINUTES.to_string(),
        ..ServerInput::default()
    };
    render_list(
        &admin,
        &db,
        &templates,
        &form,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// Adds a server (the first one becomes the default).
pub async fn add(
    Admin(admin): Admin,
    CsrfForm(form): CsrfForm<ServerInput>,
    db: web::Data<Db>,
    secrets: web::Data<SecretBox>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let settings = match form.parse(false) {
        Ok(settings) => settings,
        Err(errors) => {
            return render_list(
                &admin,
                &db,
                &templates,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let actor = admin.user.id.clone();
    let added = db
        .run(move |conn| {
            Ok(jitsi::add_server(
                conn,
                &secrets,
                settings,
                false,
                Some(Actor {
                    user_id: &actor,
                    ip: None,
                }),
            ))
        })
        .await?;
    match added {
        Ok(_) => {
            session::set_notice(&admin.viewer.session, "server-added")?;
            Ok(see_other("/admin/servers"))
        }
        Err(AppError::Validation(errors)) => {
            render_list(
                &admin,
                &db,
                &templates,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// The form for one server, filled in (except its secret).
pub async fn edit_form(
    Admin(admin): Admin,
    id: web::Path<String>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let server = db.run(move |conn| jitsi::find_server(conn, &id)).await?;
    render_edit(
        &admin,
        &templates,
        &server.id,
        &input_of(&server),
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

/// Saves a server's settings; empty secret fields keep the stored secret.
pub async fn update(
    Admin(admin): Admin,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ServerInput>,
    db: web::Data<Db>,
    secrets: web::Data<SecretBox>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let settings = match form.parse(true) {
        Ok(settings) => settings,
        Err(errors) => {
            return render_edit(
                &admin,
                &templates,
                &id,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let actor = admin.user.id.clone();
    let server_id = id.clone();
    let saved = db
        .run(move |conn| {
            Ok(jitsi::update_server(
                conn,
                &secrets,
                &server_id,
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
            Ok(see_other("/admin/servers"))
        }
        Err(AppError::Validation(errors)) => render_edit(
            &admin,
            &templates,
            &id,
            &form,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => Err(other),
    }
}

/// Makes a server the default, retires it, or removes it.
pub async fn change(
    Admin(admin): Admin,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    type Change = fn(&mut AnyConnection, &str, Option<Actor<'_>>) -> Result<(), AppError>;
    let (change, notice): (Change, &str) = match action.as_str() {
        "default" => (jitsi::make_default, "server-saved"),
        "retire" => (jitsi::retire_server, "server-retired-notice"),
        "remove" => (meetings::remove_server, "server-removed"),
        _ => return Err(AppError::NotFound),
    };
    let actor = admin.user.id.clone();
    db.run(move |conn| {
        let actor = Actor {
            user_id: &actor,
            ip: None,
        };
        change(conn, &id, Some(actor))
    })
    .await?;
    session::set_notice(&admin.viewer.session, notice)?;
    Ok(see_other("/admin/servers"))
}

/// A stored server as the form shows it: everything but the secret.
fn input_of(server: &JitsiServer) -> ServerInput {
    ServerInput {
        name: server.name.clone(),
        base_url: server.base_url.clone(),
        token_mode: server.token_mode.as_str().to_owned(),
        algorithm: server.algorithm.clone(),
        app_id: server.app_id.clone().unwrap_or_default(),
        key_id: server.key_id.clone().unwrap_or_default(),
        audience: server.audience.clone(),
        subject: server.subject.clone(),
        moderator_claim: server.moderator_claim.clone(),
        features: Features::from_stored(&server.features).to_text(),
        token_margin_minutes: server.token_margin_minutes.to_string(),
        lobby_claims: server.lobby_claims.then(|| "on".to_owned()),
        ..ServerInput::default()
    }
}

/// The form's values for the template; secret and private key are left out on purpose.
#[derive(Serialize)]
struct FormValues<'a> {
    name: &'a str,
    base_url: &'a str,
    token_mode: &'a str,
    algorithm: &'a str,
    app_id: &'a str,
    key_id: &'a str,
    audience: &'a str,
    subject: &'a str,
    moderator_claim: &'a str,
    features: &'a str,
    token_margin_minutes: &'a str,
    lobby_claims: bool,
}

impl<'a> From<&'a ServerInput> for FormValues<'a> {
    fn from(form: &'a ServerInput) -> Self {
        FormValues {
            name: &form.name,
            base_url: &form.base_url,
            token_mode: &form.token_mode,
            algorithm: &form.algorithm,
            app_id: &form.app_id,
            key_id: &form.key_id,
            audience: &form.audience,
            subject: &form.subject,
            moderator_claim: &form.moderator_claim,
            features: &form.features,
            token_margin_minutes: &form.token_margin_minutes,
            lobby_claims: form.lobby_claims.is_some(),
        }
    }
}

#[derive(Serialize)]
struct ServersPage<'a> {
    servers: Vec<ServerRow<'a>>,
    form: FormValues<'a>,
    errors: Value,
    /// The shared form template adds or edits.
    editing: bool,
    notice_key: Option<String>,
}

#[derive(Serialize)]
struct ServerRow<'a> {
    id: &'a str,
    name: &'a str,
    base_url: &'a str,
    token_mode: &'static str,
    /// Only for servers that want tokens.
    algorithm: Option<&'a str>,
    is_default: bool,
    retired: bool,
    meetings: i64,
}

#[derive(Serialize)]
struct ServerPage<'a> {
    server_id: &'a str,
    form: FormValues<'a>,
    errors: Value,
    editing: bool,
}

async fn render_list(
    admin: &SignedIn,
    db: &Db,
    templates: &Templates,
    form: &ServerInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let servers = db.run(meetings::list_servers).await?;
    let viewer = &admin.viewer;
    let view = ServersPage {
        servers: servers
            .iter()
            .map(|summary| {
                let server = &summary.server;
                let signed = server.token_mode != TokenMode::None;
                ServerRow {
                    id: &server.id,
                    name: &server.name,
                    base_url: &server.base_url,
                    token_mode: server.token_mode.as_str(),
                    algorithm: signed.then_some(server.algorithm.as_str()),
                    is_default: server.is_default,
                    retired: server.is_retired(),
                    meetings: summary.meetings,
                }
            })
            .collect(),
        form: form.into(),
        errors: form_errors(errors, viewer.locale),
        editing: false,
        notice_key: session::take_notice(&viewer.session),
    };
    let mut response = templates.render_page(viewer, "admin_servers.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}

fn render_edit(
    admin: &SignedIn,
    templates: &Templates,
    id: &str,
    form: &ServerInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = &admin.viewer;
    let view = ServerPage {
        server_id: id,
        form: form.into(),
        errors: form_errors(errors, viewer.locale),
        editing: true,
    };
    let mut response = templates.render_page(viewer, "admin_server.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}
