//! Single sign-on: off to the provider, and back.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::accounts::{self, FederatedRefusal, OidcFailure, PendingSignIn};
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n;
use crate::organisations;
use crate::web::client::{client_ip, local_path, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::Viewer;
use crate::web::pages::sign_in::{
    SignInPage, SignInServices, begin_session, organisation_buttons, render,
};
use crate::web::session::{self, keys};
use crate::web::templates::Templates;

#[derive(Debug, Deserialize)]
pub struct StartForm {
    next: Option<String>,
    /// The slug of the organisation whose identity provider to go to (`kc_idp_hint`).
    organisation: Option<String>,
}

/// Sends the browser to the provider with a fresh state, nonce and PKCE challenge.
pub async fn start(
    viewer: Viewer,
    CsrfForm(form): CsrfForm<StartForm>,
    services: web::Data<SignInServices>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let provider = services.oidc.as_ref().ok_or(AppError::NotFound)?;
    // Only an organisation's own alias goes to the provider, never a hint typed by a visitor.
    let hint = match form.organisation.filter(|slug| !slug.is_empty()) {
        Some(slug) => Some(
            db.run(move |conn| organisations::idp_hint_of(conn, &slug))
                .await?,
        ),
        None => None,
    };
    let (url, pending) = provider.start(hint.as_deref()).await?;
    session::write(&viewer.session, keys::OIDC_PENDING, &pending)?;
    session::write(
        &viewer.session,
        keys::OIDC_NEXT,
        local_path(form.next.as_deref()),
    )?;
    Ok(see_other(url.as_str()))
}

#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The provider's answer: verify it, find or create the account, sign in.
#[allow(clippy::too_many_arguments)]
pub async fn callback(
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<Callback>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    config: web::Data<Config>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    let provider = services.oidc.as_ref().ok_or(AppError::NotFound)?;
    // Taken out at once: a state can be used only one time.
    let pending = take::<PendingSignIn>(&viewer.session, keys::OIDC_PENDING);
    let next = take::<String>(&viewer.session, keys::OIDC_NEXT).unwrap_or_else(|| "/".to_owned());
    let buttons = organisation_buttons(&db, &services).await?;
    let refuse = |status: StatusCode, key: &str| -> Result<HttpResponse, AppError> {
        let message = i18n::text(viewer.locale, key);
        let mut response = render(
            &viewer,
            &templates,
            &config,
            &services,
            &SignInPage {
                next: local_path(Some(&next)),
                error: Some(&message),
                organisations: &buttons,
                ..SignInPage::default()
            },
        )?;
        *response.status_mut() = status;
        Ok(response)
    };
    let (Some(pending), Some(code), Some(state)) = (pending, &query.code, &query.state) else {
        if let Some(error) = &query.error {
            tracing::info!(error, "the single sign-on provider reported an error");
        }
        return refuse(StatusCode::BAD_REQUEST, "sign-in-sso-failed");
    };
    let (identity, id_token) = match provider.finish(pending, code, state).await {
        Ok(outcome) => outcome,
        Err(OidcFailure::Unavailable(e)) => return Err(AppError::Unavailable(e)),
        Err(failure) => {
            tracing::warn!(error = %failure, "single sign-on refused");
            return refuse(StatusCode::BAD_REQUEST, "sign-in-sso-failed");
        }
    };
    let ip = client_ip(&req);
    let allow_create = provider.allow_create();
    let outcome = db
        .run(move |conn| {
            Ok(accounts::sign_in_federated(
                conn,
                &identity,
                allow_create,
                Some(&ip),
            ))
        })
        .await?;
    match outcome {
        Ok(user) => {
            begin_session(&req, &db, &user).await?;
            session::write(&viewer.session, keys::OIDC_ID_TOKEN, &id_token)?;
            Ok(see_other(local_path(Some(&next))))
        }
        Err(FederatedRefusal::NoAccount) | Err(FederatedRefusal::Disabled) => {
            refuse(StatusCode::FORBIDDEN, "sign-in-sso-no-account")
        }
        Err(FederatedRefusal::Failed(error)) => Err(error),
    }
}

fn take<T: serde::de::DeserializeOwned>(session: &Session, key: &str) -> Option<T> {
    let value = session::read(session, key);
    session.remove(key);
    value
}
