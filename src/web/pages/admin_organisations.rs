//! `/admin/organisations`: the cities and authorities of the installation, for its
//! administrators: add one, change its name, short name, address domains and sign-in alias.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::audit::Actor;
use crate::db::Db;
use crate::error::{AppError, FieldErrors};
use crate::organisations::{self, OrganisationInput, OrganisationListing};
use crate::web::client::{client_ip, form_errors, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::{Admin, SignedIn};
use crate::web::session;
use crate::web::templates::Templates;

/// `?id=<organisation>` of the edit form.
#[derive(Debug, Deserialize)]
pub struct OrganisationQuery {
    id: String,
}

/// Every organisation, and a form to add one.
pub async fn list(
    Admin(admin): Admin,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    render_list(
        &admin,
        &db,
        &templates,
        &OrganisationInput::default(),
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// Adds an organisation.
pub async fn add(
    req: HttpRequest,
    Admin(admin): Admin,
    CsrfForm(form): CsrfForm<OrganisationInput>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let actor = admin.user.id.clone();
    let ip = client_ip(&req);
    let fields = form.parse();
    let added = match fields {
        Err(errors) => Err(AppError::Validation(errors)),
        Ok(fields) => {
            db.run(move |conn| {
                let actor = Actor {
                    user_id: &actor,
                    ip: Some(&ip),
                };
                Ok(organisations::add_organisation(conn, Some(actor), &fields))
            })
            .await?
        }
    };
    match added {
        Ok(_) => {
            session::set_notice(&admin.viewer.session, "admin-organisation-added")?;
            Ok(see_other("/admin/organisations"))
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

/// The form for one organisation, filled in.
pub async fn edit_form(
    Admin(admin): Admin,
    query: web::Query<OrganisationQuery>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = query.into_inner().id;
    let listing = db
        .run(move |conn| {
            organisations::organisation_listings(conn)?
                .into_iter()
                .find(|listing| listing.organisation.id == id)
                .ok_or(AppError::NotFound)
        })
        .await?;
    let form = OrganisationInput {
        name: listing.organisation.name.clone(),
        slug: listing.organisation.slug.clone(),
        domains: listing.domains.join(", "),
        idp_hint: listing.organisation.idp_hint.clone().unwrap_or_default(),
    };
    render_edit(
        &admin,
        &templates,
        &listing.organisation.id,
        &form,
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

/// Saves one organisation.
pub async fn update(
    req: HttpRequest,
    Admin(admin): Admin,
    query: web::Query<OrganisationQuery>,
    CsrfForm(form): CsrfForm<OrganisationInput>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let id = query.into_inner().id;
    let actor = admin.user.id.clone();
    let ip = client_ip(&req);
    let saved = match form.parse() {
        Err(errors) => Err(AppError::Validation(errors)),
        Ok(fields) => {
            let id = id.clone();
            db.run(move |conn| {
                let actor = Actor {
                    user_id: &actor,
                    ip: Some(&ip),
                };
                Ok(organisations::update_organisation(
                    conn,
                    Some(actor),
                    &id,
                    &fields,
                ))
            })
            .await?
        }
    };
    match saved {
        Ok(_) => {
            session::set_notice(&admin.viewer.session, "admin-organisation-saved")?;
            Ok(see_other("/admin/organisations"))
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

#[derive(Serialize)]
struct ListPage<'a> {
    organisations: Vec<OrganisationListing>,
    form: &'a OrganisationInput,
    errors: serde_json::Value,
    notice_key: Option<String>,
}

#[derive(Serialize)]
struct EditPage<'a> {
    organisation_id: &'a str,
    form: &'a OrganisationInput,
    errors: serde_json::Value,
}

async fn render_list(
    admin: &SignedIn,
    db: &Db,
    templates: &Templates,
    form: &OrganisationInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let organisations = db.run(organisations::organisation_listings).await?;
    let viewer = &admin.viewer;
    let view = ListPage {
        organisations,
        form,
        errors: form_errors(errors, viewer.locale),
        notice_key: session::take_notice(&viewer.session),
    };
    let mut response = templates.render_page(viewer, "admin_organisations.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}

fn render_edit(
    admin: &SignedIn,
    templates: &Templates,
    id: &str,
    form: &OrganisationInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let viewer = &admin.viewer;
    let view = EditPage {
        organisation_id: id,
        form,
        errors: form_errors(errors, viewer.locale),
    };
    let mut response = templates.render_page(viewer, "admin_organisation.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}
