//! An organisation's branding: the form its administrators (and the installation's) fill in,
//! the logo upload, and the versioned assets pages link to.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use crate::audit::Actor;
use crate::db::Db;
use crate::domain::{FieldError, Logo, LogoKind, MAX_LOGO_BYTES};
use crate::error::{AppError, FieldErrors};
use crate::organisations::{self, BrandingChange, BrandingInput, Scope};
use crate::web::brandings::Brandings;
use crate::web::client::{client_ip, form_errors, see_other};
use crate::web::extractors::csrf::{self, CsrfForm, NoFields};
use crate::web::extractors::viewer::{Administrator, SignedIn};
use crate::web::session;
use crate::web::templates::Templates;

/// Assets change their URL when they change: browsers may keep them for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `?v=<version>` of an asset, `?organisation=<id>` of the administration pages.
#[derive(Debug, Deserialize)]
pub struct AssetQuery {
    v: String,
}

#[derive(Debug, Deserialize)]
pub struct OrganisationQuery {
    organisation: String,
}

/// `GET /branding/logo?v=<version>`.
pub async fn logo(
    query: web::Query<AssetQuery>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let version = query.into_inner().v;
    let logo = db
        .run(move |conn| organisations::logo_of_version(conn, &version))
        .await?
        .ok_or(AppError::NotFound)?;
    let mut response = HttpResponse::Ok();
    response
        .insert_header((CONTENT_TYPE, logo.kind().media_type()))
        .insert_header((CACHE_CONTROL, IMMUTABLE));
    if logo.kind() == LogoKind::Svg {
        // Opened on its own, an SVG is a document: it may do nothing.
        response.insert_header((
            CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ));
    }
    Ok(response.body(logo.bytes().to_vec()))
}

/// `GET /branding/accent.css?v=<version>`.
pub async fn accent(
    query: web::Query<AssetQuery>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let version = query.into_inner().v;
    let css = db
        .run(move |conn| organisations::accent_stylesheet(conn, &version))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((CACHE_CONTROL, IMMUTABLE))
        .body(css))
}

/// `GET /admin/branding?organisation=<id>`.
pub async fn form(
    Administrator { signed_in, scope }: Administrator,
    query: web::Query<OrganisationQuery>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = query.into_inner().organisation;
    scope.check(&id)?;
    let branding = load(&db, &id).await?;
    let input = BrandingInput::of(&branding);
    render(
        &signed_in,
        &templates,
        &id,
        &branding,
        &input,
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

/// `POST /admin/branding?organisation=<id>`: colour, legal pages, texts.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    req: HttpRequest,
    Administrator { signed_in, scope }: Administrator,
    query: web::Query<OrganisationQuery>,
    CsrfForm(input): CsrfForm<BrandingInput>,
    db: web::Data<Db>,
    brandings: web::Data<Brandings>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = query.into_inner().organisation;
    scope.check(&id)?;
    let fields = match input.parse() {
        Ok(fields) => fields,
        Err(errors) => {
            let branding = load(&db, &id).await?;
            return render(
                &signed_in,
                &templates,
                &id,
                &branding,
                &input,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    apply(
        &req,
        &signed_in,
        scope,
        &db,
        &id,
        BrandingChange::Fields(fields),
    )
    .await?;
    brandings.forget(&id);
    session::set_notice(&signed_in.viewer.session, "branding-saved")?;
    Ok(see_other(&format!("/admin/branding?organisation={id}")))
}

/// `POST /admin/branding/logo?organisation=<id>` (multipart: `csrf_token`, `logo`).
#[allow(clippy::too_many_arguments)]
pub async fn upload_logo(
    req: HttpRequest,
    Administrator { signed_in, scope }: Administrator,
    query: web::Query<OrganisationQuery>,
    mut upload: Multipart,
    db: web::Data<Db>,
    brandings: web::Data<Brandings>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = query.into_inner().organisation;
    scope.check(&id)?;
    let mut token = None;
    let mut bytes: Option<Vec<u8>> = None;
    let mut too_large = false;
    let mut broken = false;
    while let Some(field) = upload.next().await {
        let Ok(mut field) = field else {
            broken = true;
            break;
        };
        let name = field.name().unwrap_or_default().to_owned();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else {
                broken = true;
                break;
            };
            // Read no more than one byte past the limit: enough to say it is too large.
            if data.len() + chunk.len() > MAX_LOGO_BYTES + 1 {
                too_large = true;
                continue;
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            csrf::FIELD => token = Some(String::from_utf8_lossy(&data).into_owned()),
            "logo" => bytes = Some(data),
            _ => {}
        }
    }
    if !token.is_some_and(|token| csrf::matches(&signed_in.viewer.session, &token)) {
        return Err(AppError::CsrfRejected);
    }
    let logo = if too_large {
        Err(FieldError::new("logo_too_large").with("max_kib", MAX_LOGO_BYTES / 1024))
    } else if broken {
        Err(FieldError::new("logo_invalid"))
    } else {
        Logo::parse(bytes.unwrap_or_default())
    };
    let logo = match logo {
        Ok(logo) => logo,
        Err(error) => {
            let branding = load(&db, &id).await?;
            let mut errors = FieldErrors::new();
            errors.add("logo", error);
            return render(
                &signed_in,
                &templates,
                &id,
                &branding,
                &BrandingInput::of(&branding),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    apply(
        &req,
        &signed_in,
        scope,
        &db,
        &id,
        BrandingChange::Logo(logo),
    )
    .await?;
    brandings.forget(&id);
    session::set_notice(&signed_in.viewer.session, "branding-logo-saved")?;
    Ok(see_other(&format!("/admin/branding?organisation={id}")))
}

/// `POST /admin/branding/logo/remove?organisation=<id>`.
pub async fn remove_logo(
    req: HttpRequest,
    Administrator { signed_in, scope }: Administrator,
    query: web::Query<OrganisationQuery>,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
    brandings: web::Data<Brandings>,
) -> Result<HttpResponse, AppError> {
    let id = query.into_inner().organisation;
    scope.check(&id)?;
    apply(
        &req,
        &signed_in,
        scope,
        &db,
        &id,
        BrandingChange::RemoveLogo,
    )
    .await?;
    brandings.forget(&id);
    session::set_notice(&signed_in.viewer.session, "branding-saved")?;
    Ok(see_other(&format!("/admin/branding?organisation={id}")))
}

async fn apply(
    req: &HttpRequest,
    signed_in: &SignedIn,
    scope: Scope,
    db: &Db,
    id: &str,
    change: BrandingChange,
) -> Result<(), AppError> {
    let actor_id = signed_in.user.id.clone();
    let ip = client_ip(req);
    let id = id.to_owned();
    db.run(move |conn| {
        let actor = Actor {
            user_id: &actor_id,
            ip: Some(&ip),
        };
        organisations::change_branding(conn, Some(actor), &scope, &id, change)
    })
    .await
}

async fn load(db: &Db, id: &str) -> Result<organisations::Branding, AppError> {
    let id = id.to_owned();
    db.run(move |conn| Ok(organisations::branding_of(conn, &id)?))
        .await
}

#[derive(Serialize)]
struct BrandingPage<'a> {
    organisation_id: &'a str,
    organisation_name: &'a str,
    /// The logo as it is now, if any.
    current_logo: Option<&'a str>,
    form: &'a BrandingInput,
    errors: serde_json::Value,
    notice_key: Option<String>,
    max_logo_kib: usize,
}

fn render(
    signed_in: &SignedIn,
    templates: &Templates,
    id: &str,
    branding: &organisations::Branding,
    input: &BrandingInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = &signed_in.viewer;
    let view = BrandingPage {
        organisation_id: id,
        organisation_name: &branding.name,
        current_logo: branding.logo_path.as_deref(),
        form: input,
        errors: form_errors(errors, viewer.locale),
        notice_key: session::take_notice(&viewer.session),
        max_logo_kib: MAX_LOGO_BYTES / 1024,
    };
    let mut response = templates.render_page(viewer, "admin_branding.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}
