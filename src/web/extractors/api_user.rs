//! Who calls the API: the owner of a personal API token.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};

use crate::accounts::{self, User};
use crate::db::Db;
use crate::error::AppError;

/// The user a valid, unrevoked token of an enabled account belongs to; anything else is 401.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl FromRequest for ApiUser {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let secret = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .map(|token| token.trim().to_owned());
        let db = req.app_data::<web::Data<Db>>().cloned();
        Box::pin(async move {
            let (Some(secret), Some(db)) = (secret, db) else {
                return Err(AppError::Unauthorized.into());
            };
            let user = db
                .run(move |conn| accounts::authenticate_api_token(conn, &secret))
                .await?;
            Ok(ApiUser(user))
        })
    }
}
