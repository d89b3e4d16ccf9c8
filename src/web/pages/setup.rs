//! First run: the page behind the one-time setup link creates the first administrator.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, AccountInput, NewAccount};
use crate::attempts::address_key;
use crate::db::Db;
use crate::domain::{FieldError, TimeZone};
use crate::error::{AppError, FieldErrors};
use crate::web::client::{client_ip, form_errors, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::Viewer;
use crate::web::pages::sign_in::{SignInServices, begin_session};
use crate::web::templates::Templates;

/// The form for the first administrator; a used or unknown link is "not found".
pub async fn page(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    check_token(&req, &db, &services, token.into_inner()).await?;
    let form = SetupForm {
        language: viewer.locale.tag().to_owned(),
        time_zone: TimeZone::DEFAULT.name().to_owned(),
        ..SetupForm::default()
    };
    render(
        &viewer,
        &templates,
        &form,
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    email: String,
    display_name: String,
    password: String,
    password_confirmation: String,
    language: String,
    time_zone: String,
}

/// Creates the administrator, signs them in, and sends them to the start page.
pub async fn submit(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<SetupForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    services: web::Data<SignInServices>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    check_token(&req, &db, &services, token.clone()).await?;
    let parsed = NewAccount::parse(AccountInput {
        email: &form.email,
        display_name: &form.display_name,
        password: Some(&form.password),
        language: &form.language,
        time_zone: &form.time_zone,
        is_admin: true,
    });
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    if form.password != form.password_confirmation {
        errors.add("password_confirmation", FieldError::new("passwords_differ"));
    }
    let account = match parsed {
        Ok(account) if errors.is_empty() => account,
        _ => {
            return render(
                &viewer,
                &templates,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let ip = client_ip(&req);
    let user = db
        .run(move |conn| accounts::complete_setup(conn, &token, account, Some(&ip)))
        .await?;
    begin_session(&req, &db, &user).await?;
    Ok(see_other("/"))
}

/// Wrong links count against the address; a valid link is always let through.
async fn check_token(
    req: &HttpRequest,
    db: &Db,
    services: &web::Data<SignInServices>,
    token: String,
) -> Result<(), AppError> {
    let ip = address_key(&client_ip(req));
    let counting = services.clone();
    db.run(move |conn| {
        if accounts::setup_token_is_valid(conn, &token)? {
            return Ok(());
        }
        let blocked = counting.setup_attempts.count_failure(conn, &ip)?;
        Err(blocked.map_or(AppError::NotFound, AppError::from))
    })
    .await
}

fn render(
    viewer: &Viewer,
    templates: &Templates,
    form: &SetupForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let view = SetupPage {
        email: &form.email,
        display_name: &form.display_name,
        language: &form.language,
        time_zone: &form.time_zone,
        errors: form_errors(errors, viewer.locale),
    };
    let mut response = templates.render_page(viewer, "setup.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The first-administrator form, as typed (never the password).
#[derive(Serialize)]
struct SetupPage<'a> {
    email: &'a str,
    display_name: &'a str,
    language: &'a str,
    time_zone: &'a str,
    errors: serde_json::Value,
}
