//! Administration of Jitsi servers: list, add, change, make default, retire, remove.
//! Secrets go in through the form and never come back out: the fields are always empty.
//! An organisation's administrators see the servers offered to their organisation and change
//! those offered to it alone; "default" makes a server their organisation's default.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::Value;

use crate::audit::Actor;
use diesel::Connection;

use super::admin_server_offer::{ServerForm, offered_organisation_ids, offered_slugs};
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, FieldErrors};
use crate::jitsi::{self, Features, JitsiServer, ServerInput, TokenMode};
use crate::meetings;
use crate::organisations::{self, Scope};
use crate::sealing::SecretBox;
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::{Administrator, SignedIn};
use crate::web::session;
use crate::web::templates::Templates;

/// Every server, and a form to add one.
pub async fn list(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
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
        &scope,
        &db,
        &templates,
        &ServerForm {
            server: form,
            organisations: None,
        },
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// Adds a server (the first one becomes the default).
pub async fn add(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    CsrfForm(form): CsrfForm<ServerForm>,
    db: web::Data<Db>,
    secrets: web::Data<SecretBox>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let settings = match form.server.parse(false) {
        Ok(settings) => settings,
        Err(errors) => {
            return render_list(
                &admin,
                &scope,
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
    let adding_scope = scope.clone();
    let offered = form.organisations.clone();
    let added = db
        .run(move |conn| {
            let offer_to = match adding_scope.organisation() {
                // An organisation's administrators add servers for their organisation.
                Some(own) => Some(vec![own.to_owned()]),
                None => match offered_organisation_ids(conn, offered.as_deref()) {
                    Ok(ids) => ids,
                    Err(refused) => return Ok(Err(refused)),
                },
            };
            Ok(conn.transaction(|conn| {
                let server = jitsi::add_server(
                    conn,
                    &secrets,
                    settings,
                    false,
                    Some(Actor {
                        user_id: &actor,
                        ip: None,
                    }),
                )?;
                if let Some(ids) = offer_to {
                    organisations::offer_server(conn, &server.id, &ids)?;
                }
                Ok::<_, AppError>(server)
            }))
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
                &scope,
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
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    id: web::Path<String>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let editing_scope = scope.clone();
    let (server, offered) = db
        .run(move |conn| {
            let server = jitsi::find_server(conn, &id)?;
            organisations::may_manage_server(conn, &editing_scope, &server.id)?;
            Ok((server.clone(), offered_slugs(conn, &server.id)?))
        })
        .await?;
    render_edit(
        &admin,
        &scope,
        &templates,
        &server.id,
        &ServerForm {
            server: input_of(&server),
            organisations: Some(offered),
        },
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

/// Saves a server's settings; empty secret fields keep the stored secret.
pub async fn update(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ServerForm>,
    db: web::Data<Db>,
    secrets: web::Data<SecretBox>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let checking_scope = scope.clone();
    let checked_id = id.clone();
    db.run(move |conn| organisations::may_manage_server(conn, &checking_scope, &checked_id))
        .await?;
    let settings = match form.server.parse(true) {
        Ok(settings) => settings,
        Err(errors) => {
            return render_edit(
                &admin,
                &scope,
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
    // Only the installation's administrators say whom a server is offered to.
    let offered = scope
        .is_installation()
        .then(|| form.organisations.clone())
        .flatten();
    let saved = db
        .run(move |conn| {
            let offer_to = match offered_organisation_ids(conn, offered.as_deref()) {
                Ok(ids) => ids,
                Err(refused) => return Ok(Err(refused)),
            };
            Ok(conn.transaction(|conn| {
                let server = jitsi::update_server(
                    conn,
                    &secrets,
                    &server_id,
                    settings,
                    Some(Actor {
                        user_id: &actor,
                        ip: None,
                    }),
                )?;
                if let Some(ids) = offer_to {
                    organisations::offer_server(conn, &server_id, &ids)?;
                }
                Ok::<_, AppError>(server)
            }))
        })
        .await?;
    match saved {
        Ok(_) => {
            session::set_notice(&admin.viewer.session, "server-saved")?;
            Ok(see_other("/admin/servers"))
        }
        Err(AppError::Validation(errors)) => render_edit(
            &admin,
            &scope,
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
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    if let (Some(own), "default") = (scope.organisation(), action.as_str()) {
        // An organisation's default: any server offered to it that takes meetings.
        let own = own.to_owned();
        db.run(move |conn| {
            jitsi::usable_server(conn, &own, id.clone()).map_err(|_| AppError::NotFound)?;
            organisations::set_default_server(conn, &own, Some(&id))
        })
        .await?;
        session::set_notice(&admin.viewer.session, "server-saved")?;
        return Ok(see_other("/admin/servers"));
    }
    type Change = fn(&mut AnyConnection, &str, Option<Actor<'_>>) -> Result<(), AppError>;
    let (change, notice): (Change, &str) = match action.as_str() {
        "default" => (jitsi::make_default, "server-saved"),
        "retire" => (jitsi::retire_server, "server-retired-notice"),
        "remove" => (meetings::remove_server, "server-removed"),
        _ => return Err(AppError::NotFound),
    };
    let actor = admin.user.id.clone();
    db.run(move |conn| {
        organisations::may_manage_server(conn, &scope, &id)?;
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
    /// The installation's administration: whom servers are offered to can be set.
    installation: bool,
    /// The organisations field, as typed or stored.
    offered_organisations: &'a str,
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
    /// The names of the organisations it is offered to; empty: all.
    offered_to: Vec<String>,
    /// Whether this administrator may change it.
    managed: bool,
}

#[derive(Serialize)]
struct ServerPage<'a> {
    server_id: &'a str,
    installation: bool,
    offered_organisations: &'a str,
    form: FormValues<'a>,
    errors: Value,
    editing: bool,
}

async fn render_list(
    admin: &SignedIn,
    scope: &Scope,
    db: &Db,
    templates: &Templates,
    form: &ServerForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let listing_scope = scope.clone();
    let (servers, offers, names, own_default) = db
        .run(move |conn| {
            let own_default = match listing_scope.organisation() {
                Some(own) => jitsi::default_server_of(conn, own)?.map(|(id, _)| id),
                None => None,
            };
            Ok((
                meetings::list_servers(conn)?,
                organisations::all_server_organisations(conn)?,
                organisations::list_organisations(conn)?,
                own_default,
            ))
        })
        .await?;
    let offered_to = |server_id: &str| -> Vec<String> {
        offers
            .iter()
            .filter(|(server, _)| server == server_id)
            .map(|(_, organisation)| organisation.clone())
            .collect()
    };
    let viewer = &admin.viewer;
    let view = ServersPage {
        installation: scope.is_installation(),
        offered_organisations: form.organisations.as_deref().unwrap_or(""),
        servers: servers
            .iter()
            .filter(|summary| organisations::server_visible(scope, &offered_to(&summary.server.id)))
            .map(|summary| {
                let server = &summary.server;
                let signed = server.token_mode != TokenMode::None;
                let offered = offered_to(&server.id);
                let managed = organisations::manages_server(scope, &offered);
                ServerRow {
                    offered_to: names
                        .iter()
                        .filter(|o| offered.contains(&o.id))
                        .map(|o| o.name.clone())
                        .collect(),
                    managed,
                    id: &server.id,
                    name: &server.name,
                    base_url: &server.base_url,
                    token_mode: server.token_mode.as_str(),
                    algorithm: signed.then_some(server.algorithm.as_str()),
                    is_default: match scope.organisation() {
                        None => server.is_default,
                        Some(_) => own_default.as_deref() == Some(server.id.as_str()),
                    },
                    retired: server.is_retired(),
                    meetings: summary.meetings,
                }
            })
            .collect(),
        form: (&form.server).into(),
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
    scope: &Scope,
    templates: &Templates,
    id: &str,
    form: &ServerForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = &admin.viewer;
    let view = ServerPage {
        server_id: id,
        installation: scope.is_installation(),
        offered_organisations: form.organisations.as_deref().unwrap_or(""),
        form: (&form.server).into(),
        errors: form_errors(errors, viewer.locale),
        editing: true,
    };
    let mut response = templates.render_page(viewer, "admin_server.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}
