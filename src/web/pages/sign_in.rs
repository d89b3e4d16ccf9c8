//! Signing in with e-mail and password, and signing out.

use actix_identity::{Identity, IdentityExt};
use actix_session::SessionExt;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, OidcProvider, SignInGuard, SignInRefused, User};
use crate::attempts::AttemptCounter;
use crate::config::Config;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n;
use crate::organisations::{self, SignInButton};
use crate::web::client::{client_ip, local_path, see_other};
use crate::web::extractors::csrf::{self, CsrfForm, NoFields};
use crate::web::extractors::viewer::Viewer;
use crate::web::session::{self, keys};
use crate::web::templates::Templates;

/// What the sign-in pages share across requests: attempt counters and the SSO client.
#[derive(Debug)]
pub struct SignInServices {
    /// Failed password sign-ins per account and address.
    pub guard: SignInGuard,
    /// Wrong first-run setup links per address.
    pub setup_attempts: AttemptCounter,
    /// The single sign-on provider, when configured.
    pub oidc: Option<OidcProvider>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in form (and the single sign-on button).
pub async fn page(
    viewer: Viewer,
    query: web::Query<NextQuery>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    config: web::Data<Config>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    let next = local_path(query.next.as_deref()).to_owned();
    if viewer.user.is_some() {
        return Ok(see_other(&next));
    }
    let buttons = organisation_buttons(&db, &services).await?;
    render(
        &viewer,
        &templates,
        &config,
        &services,
        &SignInPage {
            next: &next,
            organisations: &buttons,
            ..SignInPage::default()
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// Checks the password; a refusal re-shows the form with one sentence that never says whether
/// the account exists.
pub async fn submit(
    req: HttpRequest,
    viewer: Viewer,
    CsrfForm(form): CsrfForm<SignInForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    config: web::Data<Config>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    if !config.accounts.local_sign_in {
        return Err(AppError::NotFound);
    }
    let ip = client_ip(&req);
    let next = local_path(form.next.as_deref()).to_owned();
    let attempt =
        accounts::sign_in_with_password(&db, &services.guard, &form.email, form.password, &ip)
            .await;
    let (status, message, retry_after) = match attempt {
        Ok(user) => {
            begin_session(&req, &db, &user).await?;
            return Ok(see_other(&next));
        }
        Err(SignInRefused::Credentials) => (
            StatusCode::UNAUTHORIZED,
            i18n::text(viewer.locale, "sign-in-refused"),
            None,
        ),
        Err(SignInRefused::TooManyAttempts(seconds)) => (
            StatusCode::TOO_MANY_REQUESTS,
            AppError::RateLimited {
                retry_after: seconds,
            }
            .message(viewer.locale),
            Some(seconds),
        ),
        Err(SignInRefused::Failed(error)) => return Err(error),
    };
    let buttons = organisation_buttons(&db, &services).await?;
    let mut response = render(
        &viewer,
        &templates,
        &config,
        &services,
        &SignInPage {
            next: &next,
            email: &form.email,
            error: Some(&message),
            organisations: &buttons,
        },
    )?;
    *response.status_mut() = status;
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    Ok(response)
}

/// Ends the session here and, for single sign-on, at the provider too.
pub async fn sign_out(
    req: HttpRequest,
    viewer: Viewer,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    let id_token = session::read::<String>(&viewer.session, keys::OIDC_ID_TOKEN);
    let secret = session::read::<String>(&viewer.session, keys::SESSION_SECRET);
    let user = viewer.user;
    let ip = client_ip(&req);
    db.run(move |conn| {
        // The row goes first: a copy of this cookie made earlier stops working too.
        if let Some(secret) = secret {
            accounts::end_session(conn, &secret)?;
        }
        if let Some(user) = user {
            accounts::record_sign_out(conn, &user.id, Some(&ip))?;
        }
        Ok(())
    })
    .await?;
    if let Ok(identity) = req.get_identity() {
        identity.logout();
    }
    req.get_session().purge();
    if let (Some(provider), Some(id_token)) = (&services.oidc, id_token)
        && let Some(url) = provider.end_session_url(&id_token).await
    {
        return Ok(see_other(url.as_str()));
    }
    Ok(see_other("/"))
}

/// Signs the user in on this browser: a session row (which signing out deletes), a renewed
/// cookie session and a fresh CSRF token.
pub async fn begin_session(req: &HttpRequest, db: &Db, user: &User) -> Result<(), AppError> {
    let lifetime =
        req.app_data::<web::Data<Config>>()
            .map_or(chrono::Duration::hours(12), |config| {
                chrono::Duration::from_std(config.accounts.session_max)
                    .unwrap_or(chrono::Duration::hours(12))
            });
    let user_id = user.id.clone();
    let secret = db
        .run(move |conn| accounts::start_session(conn, &user_id, lifetime))
        .await?;
    let session = req.get_session();
    session::write(&session, keys::SESSION_SECRET, secret)?;
    // A language picked before signing in gives way to the user's own setting.
    session.remove(keys::LOCALE);
    Identity::login(&req.extensions(), user.id.clone())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot start the session: {e}")))?;
    session::write(&session, keys::SIGNED_IN_AT, crate::db::now())?;
    csrf::rotate(&session)
}

/// What the sign-in page shows besides the form.
#[derive(Debug, Default)]
pub struct SignInPage<'a> {
    /// Where to go afterwards.
    pub next: &'a str,
    /// The address typed before, to spare typing it again.
    pub email: &'a str,
    /// Why the last attempt failed.
    pub error: Option<&'a str>,
    /// One button per organisation with its own identity provider (see [`organisation_buttons`]).
    pub organisations: &'a [SignInButton],
}

/// The organisations whose sign-in button goes straight to their identity provider; none
/// without single sign-on.
pub async fn organisation_buttons(
    db: &Db,
    services: &SignInServices,
) -> Result<Vec<SignInButton>, AppError> {
    if services.oidc.is_none() {
        return Ok(Vec::new());
    }
    db.run(organisations::sign_in_buttons).await
}

/// Renders the sign-in page.
pub fn render(
    viewer: &Viewer,
    templates: &Templates,
    config: &Config,
    services: &SignInServices,
    page: &SignInPage<'_>,
) -> Result<HttpResponse, AppError> {
    let view = SignInView {
        local_sign_in: config.accounts.local_sign_in,
        oidc_label: services.oidc.as_ref().map(OidcProvider::button_label),
        organisation_buttons: page.organisations,
        next: page.next,
        email: page.email,
        error: page.error,
    };
    templates.render_page(viewer, "sign_in.html", &view)
}

#[derive(Serialize)]
struct SignInView<'a> {
    local_sign_in: bool,
    /// The single sign-on button's text, when a provider is configured.
    oidc_label: Option<&'a str>,
    /// "Sign in with Stadt A": the organisations with their own identity provider.
    organisation_buttons: &'a [SignInButton],
    next: &'a str,
    email: &'a str,
    error: Option<&'a str>,
}
