//! A user's own settings: profile (name, language, time zone), password, API tokens.

use actix_identity::IdentityExt;
use actix_session::SessionExt;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::accounts::{self, IssuedToken, Profile};
use crate::db::Db;
use crate::domain::TokenName;
use crate::error::{AppError, FieldErrors};
use crate::web::client::{client_ip, form_errors, local_time, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::SignedIn;
use crate::web::pages::sign_in::{SignInServices, begin_session};
use crate::web::session;
use crate::web::templates::Templates;

/// What one rendering of the settings page shows besides the stored values.
#[derive(Debug, Default)]
struct SettingsView<'a> {
    /// Profile values as typed, when the profile form was refused.
    profile: Option<&'a ProfileForm>,
    /// Why a form was refused, by form.
    profile_errors: Option<&'a FieldErrors>,
    password_errors: Option<&'a FieldErrors>,
    token_errors: Option<&'a FieldErrors>,
    /// A token just created: its secret is shown this once.
    new_token: Option<&'a IssuedToken>,
}

/// The settings page.
pub async fn page(
    signed_in: SignedIn,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    render(
        &signed_in,
        &db,
        &templates,
        SettingsView::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    language: String,
    time_zone: String,
}

/// Saves name, language and time zone.
pub async fn save_profile(
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<ProfileForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let profile = match Profile::parse(&form.display_name, &form.language, &form.time_zone) {
        Ok(profile) => profile,
        Err(errors) => {
            let view = SettingsView {
                profile: Some(&form),
                profile_errors: Some(&errors),
                ..SettingsView::default()
            };
            return refused(&signed_in, &db, &templates, view).await;
        }
    };
    let user_id = signed_in.user.id.clone();
    db.run(move |conn| accounts::update_profile(conn, &user_id, &profile))
        .await?;
    session::set_notice(&signed_in.viewer.session, "settings-saved")?;
    Ok(see_other("/settings"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    /// The checkbox "also revoke my API tokens" (a leaked password may have leaked them too).
    revoke_tokens: Option<String>,
}

/// Replaces the password after checking the current one. Other sessions end; this one goes on.
pub async fn change_password(
    req: HttpRequest,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<PasswordForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    let ip = client_ip(&req);
    let revoke_tokens = form.revoke_tokens.is_some();
    let outcome = accounts::change_password(
        &db,
        &services.guard,
        &signed_in.user,
        form.current_password,
        &form.new_password,
        &ip,
    )
    .await;
    match outcome {
        Ok(()) => {
            // Every other browser is signed out (a copied cookie too); this one starts anew.
            let user_id = signed_in.user.id.clone();
            db.run(move |conn| {
                accounts::end_all_sessions(conn, &user_id)?;
                if revoke_tokens {
                    accounts::revoke_all_api_tokens(conn, &user_id, Some(&ip))?;
                }
                Ok(())
            })
            .await?;
            begin_session(&req, &db, &signed_in.user).await?;
            session::set_notice(&signed_in.viewer.session, "settings-password-changed")?;
            Ok(see_other("/settings"))
        }
        Err(AppError::Validation(errors)) => {
            let view = SettingsView {
                password_errors: Some(&errors),
                ..SettingsView::default()
            };
            refused(&signed_in, &db, &templates, view).await
        }
        Err(other) => Err(other),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DigestForm {
    /// The checkbox: present when ticked.
    reply_digest: Option<String>,
}

/// Switches the daily digest of new answers on or off.
pub async fn save_digest(
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<DigestForm>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let user_id = signed_in.user.id.clone();
    let on = form.reply_digest.is_some();
    db.run(move |conn| accounts::set_reply_digest(conn, &user_id, on))
        .await?;
    session::set_notice(&signed_in.viewer.session, "settings-digest-saved")?;
    Ok(see_other("/settings"))
}

/// Ends every session of the account, this one included, and audits it as a sign-out.
pub async fn sign_out_everywhere(
    req: HttpRequest,
    signed_in: SignedIn,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let user_id = signed_in.user.id.clone();
    let ip = client_ip(&req);
    db.run(move |conn| {
        accounts::end_all_sessions(conn, &user_id)?;
        accounts::record_sign_out(conn, &user_id, Some(&ip))
    })
    .await?;
    if let Ok(identity) = req.get_identity() {
        identity.logout();
    }
    req.get_session().purge();
    Ok(see_other("/sign-in"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    name: String,
}

/// Creates an API token and shows its secret once.
pub async fn create_token(
    req: HttpRequest,
    signed_in: SignedIn,
    CsrfForm(form): CsrfForm<TokenForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let name = match TokenName::parse(&form.name) {
        Ok(name) => name,
        Err(error) => {
            let mut errors = FieldErrors::new();
            errors.add("name", error);
            let view = SettingsView {
                token_errors: Some(&errors),
                ..SettingsView::default()
            };
            return refused(&signed_in, &db, &templates, view).await;
        }
    };
    let user_id = signed_in.user.id.clone();
    let ip = client_ip(&req);
    let issued = db
        .run(move |conn| accounts::create_api_token(conn, &user_id, &name, Some(&ip)))
        .await?;
    let view = SettingsView {
        new_token: Some(&issued),
        ..SettingsView::default()
    };
    // Not a redirect: the secret must not survive in a session or a URL.
    let mut response = render(&signed_in, &db, &templates, view, StatusCode::CREATED).await?;
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// Revokes one of the user's tokens; it stops working at once.
pub async fn revoke_token(
    req: HttpRequest,
    signed_in: SignedIn,
    token_id: web::Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let user_id = signed_in.user.id.clone();
    let ip = client_ip(&req);
    let token_id = token_id.into_inner();
    db.run(move |conn| accounts::revoke_api_token(conn, &user_id, &token_id, Some(&ip)))
        .await?;
    session::set_notice(&signed_in.viewer.session, "settings-token-revoked")?;
    Ok(see_other("/settings"))
}

/// The page again with a refused form's errors (422).
async fn refused(
    signed_in: &SignedIn,
    db: &Db,
    templates: &Templates,
    view: SettingsView<'_>,
) -> Result<HttpResponse, AppError> {
    render(
        signed_in,
        db,
        templates,
        view,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn render(
    signed_in: &SignedIn,
    db: &Db,
    templates: &Templates,
    view: SettingsView<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user = &signed_in.user;
    let user_id = user.id.clone();
    let (tokens, has_password) = db
        .run(move |conn| {
            Ok((
                accounts::list_api_tokens(conn, &user_id)?,
                accounts::has_password(conn, &user_id)?,
            ))
        })
        .await?;
    let viewer = &signed_in.viewer;
    let locale = viewer.locale;
    let errors = |e: Option<&FieldErrors>| e.map(|e| form_errors(e, locale)).unwrap_or(json!({}));
    let page = SettingsPage {
        profile: match view.profile {
            Some(form) => ProfileFields {
                display_name: &form.display_name,
                language: &form.language,
                time_zone: &form.time_zone,
            },
            None => ProfileFields {
                display_name: &user.display_name,
                language: &user.locale,
                time_zone: &user.time_zone,
            },
        },
        has_password,
        reply_digest: user.reply_digest,
        tokens: tokens
            .iter()
            .map(|token| TokenRow {
                id: &token.id,
                name: &token.name,
                created_at: local_time(token.created_at, &user.time_zone),
                last_used_at: token.last_used_at.map(|t| local_time(t, &user.time_zone)),
            })
            .collect(),
        new_token: view.new_token.map(|issued| NewToken {
            name: &issued.token.name,
            secret: &issued.secret,
        }),
        profile_errors: errors(view.profile_errors),
        password_errors: errors(view.password_errors),
        token_errors: errors(view.token_errors),
        notice_key: session::take_notice(&viewer.session),
    };
    let mut response = templates.render_page(viewer, "settings.html", &page)?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Serialize)]
struct SettingsPage<'a> {
    /// The profile form: as typed when refused, else the account's values.
    profile: ProfileFields<'a>,
    has_password: bool,
    /// Whether the daily digest of answers is on.
    reply_digest: bool,
    tokens: Vec<TokenRow<'a>>,
    /// A token just created: its secret is shown this once.
    new_token: Option<NewToken<'a>>,
    profile_errors: Value,
    password_errors: Value,
    token_errors: Value,
    notice_key: Option<String>,
}

#[derive(Serialize)]
struct ProfileFields<'a> {
    display_name: &'a str,
    language: &'a str,
    time_zone: &'a str,
}

#[derive(Serialize)]
struct TokenRow<'a> {
    id: &'a str,
    name: &'a str,
    created_at: String,
    last_used_at: Option<String>,
}

#[derive(Serialize)]
struct NewToken<'a> {
    name: &'a str,
    secret: &'a str,
}
