//! Data protection in the browser: a person downloads everything stored about them
//! (*Settings*); the installation's administrators export or erase any address
//! (`/admin/privacy`, erasure only after a confirmation page). Every step is a POST.

use actix_web::http::StatusCode;
use actix_web::http::header::{
    CONTENT_DISPOSITION, ContentDisposition, DispositionParam, DispositionType,
};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::audit::Actor;
use crate::db::Db;
use crate::domain::{Email, FieldError};
use crate::error::{AppError, FieldErrors};
use crate::privacy::{self, Erased, ErasureRefused};
use crate::web::client::{client_ip, form_errors, local_time};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::{Admin, SignedIn};
use crate::web::templates::Templates;

/// `POST /settings/export`: the signed-in person's own data, as a JSON download.
pub async fn own_export(
    req: HttpRequest,
    signed_in: SignedIn,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let email = Email::parse(&signed_in.user.email)
        .map_err(|_| AppError::Internal(anyhow::anyhow!("a stored address does not parse")))?;
    export_response(&req, &db, signed_in.user.id.clone(), email).await
}

async fn export_response(
    req: &HttpRequest,
    db: &Db,
    actor_id: String,
    email: Email,
) -> Result<HttpResponse, AppError> {
    let ip = client_ip(req);
    let document = db
        .run(move |conn| {
            let actor = Actor {
                user_id: &actor_id,
                ip: Some(&ip),
            };
            privacy::export(conn, Some(actor), &email)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            CONTENT_DISPOSITION,
            ContentDisposition {
                disposition: DispositionType::Attachment,
                parameters: vec![DispositionParam::Filename(
                    "treffpunkt-personal-data.json".to_owned(),
                )],
            },
        ))
        .body(serde_json::to_string_pretty(&document).map_err(anyhow::Error::from)?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AddressForm {
    email: String,
    /// `yes` on the confirmation page's button.
    #[serde(skip_serializing)]
    confirm: String,
}

/// `GET /admin/privacy`: the address form.
pub async fn page(
    Admin(admin): Admin,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    render(&admin, &templates, &View::default(), StatusCode::OK)
}

/// `POST /admin/privacy/export`: any address's data, as a JSON download.
pub async fn admin_export(
    req: HttpRequest,
    Admin(admin): Admin,
    CsrfForm(form): CsrfForm<AddressForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    match Email::parse(&form.email) {
        Ok(email) => export_response(&req, &db, admin.user.id.clone(), email).await,
        Err(error) => refuse_address(&admin, &templates, &form, error),
    }
}

/// `POST /admin/privacy/erase`: without `confirm=yes` a page that says what will go and asks;
/// with it, the erasure (or the meetings that stop it).
pub async fn admin_erase(
    req: HttpRequest,
    Admin(admin): Admin,
    CsrfForm(form): CsrfForm<AddressForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(error) => return refuse_address(&admin, &templates, &form, error),
    };
    if form.confirm != "yes" {
        let view = View {
            email: email.as_str().to_owned(),
            confirming: true,
            ..View::default()
        };
        return render(&admin, &templates, &view, StatusCode::OK);
    }
    let actor_id = admin.user.id.clone();
    let ip = client_ip(&req);
    let erasing = email.clone();
    let outcome = db
        .run(move |conn| {
            let actor = Actor {
                user_id: &actor_id,
                ip: Some(&ip),
            };
            Ok(privacy::erase(conn, Some(actor), &erasing))
        })
        .await?;
    let zone = &admin.user.time_zone;
    let view = match outcome {
        Ok(erased) => View {
            email: email.as_str().to_owned(),
            erased: Some(erased),
            ..View::default()
        },
        Err(ErasureRefused::OrganisesUpcoming(meetings)) => View {
            email: email.as_str().to_owned(),
            upcoming: meetings
                .into_iter()
                .map(|m| UpcomingRow {
                    title: m.title,
                    starts: local_time(m.starts_at, zone),
                    id: m.id,
                })
                .collect(),
            ..View::default()
        },
        Err(ErasureRefused::Failed(error)) => return Err(error),
    };
    let status = if view.upcoming.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    render(&admin, &templates, &view, status)
}

fn refuse_address(
    admin: &SignedIn,
    templates: &Templates,
    form: &AddressForm,
    error: FieldError,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    errors.add("email", error);
    let view = View {
        email: form.email.clone(),
        errors: form_errors(&errors, admin.viewer.locale),
        ..View::default()
    };
    render(admin, templates, &view, StatusCode::UNPROCESSABLE_ENTITY)
}

#[derive(Serialize)]
struct View {
    email: String,
    errors: serde_json::Value,
    /// The confirmation step of an erasure.
    confirming: bool,
    /// What an erasure removed.
    erased: Option<Erased>,
    /// The meetings that stopped it.
    upcoming: Vec<UpcomingRow>,
}

impl Default for View {
    fn default() -> Self {
        View {
            email: String::new(),
            errors: serde_json::Value::Object(Default::default()),
            confirming: false,
            erased: None,
            upcoming: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct UpcomingRow {
    id: String,
    title: String,
    starts: String,
}

fn render(
    admin: &SignedIn,
    templates: &Templates,
    view: &View,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut response = templates.render_page(&admin.viewer, "admin_privacy.html", view)?;
    *response.status_mut() = status;
    Ok(response)
}
