//! Who is looking at a page: the signed-in user (checked against the database on every request,
//! so disabling an account locks it out at once), their language, and the CSRF token.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_identity::IdentityExt;
use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::accounts::{self, User};
use crate::db::Db;
use crate::domain::Locale;
use crate::error::AppError;
use crate::organisations::{Branding, Scope};
use crate::web::brandings::Brandings;
use crate::web::extractors::csrf;
use crate::web::extractors::request_locale::{RequestLocale, UserLocale};
use crate::web::session::{self, keys};

/// The person behind a request, signed in or not.
#[derive(Clone)]
pub struct Viewer {
    /// The signed-in, enabled user, if any.
    pub user: Option<User>,
    /// The language to answer in.
    pub locale: Locale,
    /// The session, for handlers that sign in or out.
    pub session: Session,
    /// The path and query of this request (for "come back here" links).
    pub path: String,
    /// The branding pages wear: the viewer's organisation's, else the default organisation's.
    pub branding: Arc<Branding>,
}

impl Viewer {
    /// The values every page template needs.
    pub fn context(
        &self,
        templates: &crate::web::templates::Templates,
    ) -> Result<tera::Context, AppError> {
        let mut context = templates.context(self.locale);
        context.insert(csrf::FIELD, &csrf::token(&self.session)?);
        context.insert("user", &self.user);
        context.insert("current_path", &self.path);
        context.insert("branding", self.branding.as_ref());
        Ok(context)
    }
}

impl FromRequest for Viewer {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = current_user(&req).await?;
            if let Some(user) = &user {
                req.extensions_mut().insert(UserLocale(user.locale()));
            }
            // The look is no reason to refuse a page: without it, the default one.
            let branding = match branding_for(&req, user.as_ref()).await {
                Ok(branding) => branding,
                Err(error) => {
                    tracing::warn!(%error, "cannot read the organisation's branding");
                    Arc::default()
                }
            };
            let path = match req.uri().path_and_query() {
                Some(path) => path.as_str().to_owned(),
                None => "/".to_owned(),
            };
            Ok(Viewer {
                locale: RequestLocale::of(&req).0,
                user,
                session: req.get_session(),
                path,
                branding,
            })
        })
    }
}

/// A signed-in user; anyone else is sent to the sign-in page (HTML) or gets 401 (API).
#[derive(Clone)]
pub struct SignedIn {
    pub user: User,
    /// Everything else about the request.
    pub viewer: Viewer,
}

impl FromRequest for SignedIn {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let viewer = Viewer::from_request(req, payload);
        Box::pin(async move {
            let viewer = viewer.await?;
            match viewer.user.clone() {
                Some(user) => Ok(SignedIn { user, viewer }),
                None => Err(AppError::Unauthorized.into()),
            }
        })
    }
}

/// A signed-in administrator of the installation; other signed-in users get 403.
#[derive(Clone)]
pub struct Admin(pub SignedIn);

/// A signed-in administrator of the installation or of one organisation, with what they may
/// see and change; other signed-in users get 403.
#[derive(Clone)]
pub struct Administrator {
    pub signed_in: SignedIn,
    pub scope: Scope,
}

impl FromRequest for Administrator {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, payload);
        Box::pin(async move {
            let signed_in = signed_in.await?;
            match signed_in.user.admin_scope() {
                Some(scope) => Ok(Administrator { signed_in, scope }),
                None => Err(AppError::Forbidden.into()),
            }
        })
    }
}

impl FromRequest for Admin {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, payload);
        Box::pin(async move {
            let signed_in = signed_in.await?;
            if signed_in.user.is_admin {
                Ok(Admin(signed_in))
            } else {
                Err(AppError::Forbidden.into())
            }
        })
    }
}

/// The branding of the user's organisation, or the default organisation's.
async fn branding_for(req: &HttpRequest, user: Option<&User>) -> Result<Arc<Branding>, AppError> {
    let (Some(brandings), Some(db)) = (
        req.app_data::<web::Data<Brandings>>(),
        req.app_data::<web::Data<Db>>(),
    ) else {
        return Ok(Arc::default());
    };
    match user {
        Some(user) => brandings.of(db, &user.organisation_id).await,
        None => brandings.of_default(db).await,
    }
}

/// Loads the session's user; a vanished or disabled account, or a session older than the
/// account's last password change, ends the session on the spot.
async fn current_user(req: &HttpRequest) -> Result<Option<User>, AppError> {
    let Ok(identity) = req.get_identity() else {
        return Ok(None);
    };
    let Ok(user_id) = identity.id() else {
        return Ok(None);
    };
    let db = req
        .app_data::<web::Data<Db>>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the database is not configured")))?
        .clone();
    // The session's row must still exist: signing out (here or everywhere) deleted it.
    let Some(secret) = session::read::<String>(&req.get_session(), keys::SESSION_SECRET) else {
        identity.logout();
        return Ok(None);
    };
    let user = db
        .run(move |conn| accounts::user_of_session(conn, &user_id, &secret))
        .await?;
    let signed_in_at =
        session::read::<chrono::NaiveDateTime>(&req.get_session(), keys::SIGNED_IN_AT);
    match (user, signed_in_at) {
        (Some(user), Some(signed_in_at)) if user.accepts_session_from(signed_in_at) => {
            Ok(Some(user))
        }
        _ => {
            identity.logout();
            Ok(None)
        }
    }
}
