//! Administration of accounts: create, disable and enable, grant and revoke the admin roles,
//! move between organisations; and the audit log. An organisation's administrators see and
//! change their organisation's accounts only.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, AccountChange, AccountInput, NewAccount};
use crate::audit::{self, Actor};
use crate::db::Db;
use crate::domain::TimeZone;
use crate::error::{AppError, FieldErrors};
use crate::organisations::{self, Scope};
use crate::web::client::{client_ip, form_errors, local_time, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::{Admin, Administrator, SignedIn};
use crate::web::session;
use crate::web::templates::Templates;

/// How many audit entries the audit page shows.
const AUDIT_PAGE_SIZE: i64 = 200;

/// Every account, and a form to add one.
pub async fn users(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let form = NewUserForm {
        language: admin.viewer.locale.tag().to_owned(),
        time_zone: TimeZone::DEFAULT.name().to_owned(),
        ..NewUserForm::default()
    };
    render_users(
        &admin,
        &scope,
        &db,
        &templates,
        &form,
        &FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct NewUserForm {
    email: String,
    display_name: String,
    #[serde(skip_serializing)]
    password: String,
    language: String,
    time_zone: String,
    is_admin: Option<String>,
    /// The organisation's slug; empty: the one the address's domain leads to.
    organisation: String,
}

/// Creates an account; with an empty password it signs in through single sign-on only.
pub async fn create_user(
    req: HttpRequest,
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    CsrfForm(form): CsrfForm<NewUserForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let parsed = NewAccount::parse(AccountInput {
        email: &form.email,
        display_name: &form.display_name,
        password: Some(form.password.as_str()).filter(|password| !password.is_empty()),
        language: &form.language,
        time_zone: &form.time_zone,
        is_admin: form.is_admin.is_some(),
    });
    let account = match parsed {
        Ok(account) => account,
        Err(errors) => {
            return render_users(
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
    let actor_id = admin.user.id.clone();
    let ip = client_ip(&req);
    let slug = form.organisation.trim().to_owned();
    let creating_scope = scope.clone();
    let created = db
        .run(move |conn| {
            let mut account = account;
            if !slug.is_empty() {
                account.organisation_id =
                    Some(organisations::organisation_by_slug(conn, &slug)?.id);
            }
            Ok(accounts::create_account(
                conn,
                Actor {
                    user_id: &actor_id,
                    ip: Some(&ip),
                },
                &creating_scope,
                account,
            ))
        })
        .await?;
    match created {
        Ok(_) => {
            session::set_notice(&admin.viewer.session, "admin-user-created")?;
            Ok(see_other("/admin/users"))
        }
        Err(AppError::Conflict(code)) => {
            let mut errors = FieldErrors::new();
            errors.add("email", crate::domain::FieldError::new(code.code()));
            render_users(
                &admin,
                &scope,
                &db,
                &templates,
                &form,
                &errors,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// Disables, enables, grants or revokes admin for one account.
pub async fn change_user(
    req: HttpRequest,
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let (target_id, action) = path.into_inner();
    let change = match action.as_str() {
        "disable" => AccountChange::Disable,
        "enable" => AccountChange::Enable,
        "grant-admin" => AccountChange::GrantAdmin,
        "revoke-admin" => AccountChange::RevokeAdmin,
        "grant-organisation-admin" => AccountChange::GrantOrganisationAdmin,
        "revoke-organisation-admin" => AccountChange::RevokeOrganisationAdmin,
        _ => return Err(AppError::NotFound),
    };
    let actor_id = admin.user.id.clone();
    let ip = client_ip(&req);
    db.run(move |conn| {
        accounts::change_account(
            conn,
            Actor {
                user_id: &actor_id,
                ip: Some(&ip),
            },
            &scope,
            &target_id,
            change,
        )
    })
    .await?;
    session::set_notice(&admin.viewer.session, "admin-user-changed")?;
    Ok(see_other("/admin/users"))
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    /// The account.
    user: String,
    /// The slug of the organisation the account moves to.
    organisation: String,
}

/// Moves an account to another organisation (the installation's administrators only).
pub async fn move_user(
    req: HttpRequest,
    Admin(admin): Admin,
    CsrfForm(form): CsrfForm<MoveForm>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let actor_id = admin.user.id.clone();
    let ip = client_ip(&req);
    let target_id = form.user.clone();
    db.run(move |conn| {
        accounts::find_user(conn, &target_id)?;
        let organisation = organisations::organisation_by_slug(conn, form.organisation.trim())?;
        let actor = Actor {
            user_id: &actor_id,
            ip: Some(&ip),
        };
        organisations::move_account(conn, Some(actor), &target_id, &organisation.id)
    })
    .await?;
    session::set_notice(&admin.viewer.session, "admin-user-changed")?;
    Ok(see_other("/admin/users"))
}

/// The newest audit entries.
pub async fn audit_log(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (entries, users) = db
        .run(move |conn| {
            Ok((
                audit::recent(conn, scope.organisation(), AUDIT_PAGE_SIZE)?,
                accounts::list_users(conn)?,
            ))
        })
        .await?;
    let email_of = |id: &Option<String>| {
        id.as_ref().and_then(|id| {
            users
                .iter()
                .find(|user| &user.id == id)
                .map(|user| user.email.clone())
        })
    };
    let entries = entries
        .iter()
        .map(|entry| AuditRow {
            occurred_at: local_time(entry.occurred_at, &admin.user.time_zone),
            action: &entry.action,
            actor: email_of(&entry.actor_id).unwrap_or_else(|| "–".to_owned()),
            target: email_of(&entry.target_user_id).unwrap_or_else(|| "–".to_owned()),
            ip: entry.ip.as_deref().unwrap_or("–"),
            detail: entry.detail.as_deref().unwrap_or(""),
        })
        .collect();
    templates.render_page(&admin.viewer, "admin_audit.html", &AuditPage { entries })
}

async fn render_users(
    admin: &SignedIn,
    scope: &Scope,
    db: &Db,
    templates: &Templates,
    form: &NewUserForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let listing_scope = scope.clone();
    let (users, organisations) = db
        .run(move |conn| {
            Ok((
                accounts::list_users_in(conn, &listing_scope)?,
                organisations::list_organisations(conn)?,
            ))
        })
        .await?;
    let viewer = &admin.viewer;
    let installation = scope.is_installation();
    let organisation_of = |id: &str| organisations.iter().find(|o| o.id == id);
    let view = UsersPage {
        users: users
            .iter()
            .map(|user| UserRow {
                id: &user.id,
                email: &user.email,
                display_name: &user.display_name,
                is_admin: user.is_admin,
                organisation_admin: user.organisation_admin,
                organisation: organisation_of(&user.organisation_id).map(|o| o.name.as_str()),
                organisation_slug: organisation_of(&user.organisation_id).map(|o| o.slug.as_str()),
                enabled: user.is_enabled(),
                is_me: user.id == admin.user.id,
                // An organisation's administrators leave the installation's ones alone.
                changeable: installation || !user.is_admin,
                created_at: local_time(user.created_at, &admin.user.time_zone),
            })
            .collect(),
        installation,
        own_organisation_id: scope.organisation(),
        organisations: if installation {
            organisations
                .iter()
                .map(|o| OrganisationOption {
                    slug: &o.slug,
                    name: &o.name,
                })
                .collect()
        } else {
            Vec::new()
        },
        form,
        errors: form_errors(errors, viewer.locale),
        notice_key: session::take_notice(&viewer.session),
    };
    let mut response = templates.render_page(viewer, "admin_users.html", &view)?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Serialize)]
struct AuditPage<'a> {
    entries: Vec<AuditRow<'a>>,
}

#[derive(Serialize)]
struct AuditRow<'a> {
    occurred_at: String,
    action: &'a str,
    actor: String,
    target: String,
    ip: &'a str,
    detail: &'a str,
}

#[derive(Serialize)]
struct UsersPage<'a> {
    users: Vec<UserRow<'a>>,
    /// The installation's administration: roles, organisations and moves are offered.
    installation: bool,
    /// The organisations to place or move accounts in (installation only).
    organisations: Vec<OrganisationOption<'a>>,
    /// An organisation's administrator's own organisation (its branding link).
    own_organisation_id: Option<&'a str>,
    /// The "new account" form, as typed when refused.
    form: &'a NewUserForm,
    errors: serde_json::Value,
    notice_key: Option<String>,
}

#[derive(Serialize)]
struct UserRow<'a> {
    id: &'a str,
    email: &'a str,
    display_name: &'a str,
    is_admin: bool,
    organisation_admin: bool,
    organisation: Option<&'a str>,
    organisation_slug: Option<&'a str>,
    enabled: bool,
    is_me: bool,
    changeable: bool,
    created_at: String,
}

#[derive(Serialize)]
struct OrganisationOption<'a> {
    slug: &'a str,
    name: &'a str,
}
