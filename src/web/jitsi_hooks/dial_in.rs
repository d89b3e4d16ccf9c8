//! `GET /jitsi/conference-mapper` and `GET /jitsi/dial-in-numbers`, for Jitsi's web client
//! (`dialInConfCodeUrl`, `dialInNumbersUrl`) and a phone system's voice menu.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::{Value, json};

use super::{allow_origin, query_param};
use crate::attempts::{AttemptCounter, address_key};
use crate::conference::{self, MapperAnswer};
use crate::db::Db;
use crate::error::AppError;
use crate::joining::Entrance;
use crate::web::client::client_ip;

/// Lookups that found nothing, per client network: PINs are short enough to guess.
pub struct DialInLimit(pub AttemptCounter);

/// `?conference=<room>@<muc domain>` → its PIN; `?id=<PIN>` → its room. Found:
/// `{"message", "id": <PIN>, "conference": "<room>@<muc domain>"}`; not found: the same with
/// `"conference": false` (by PIN) or `"id": false` (by room), status 200 as the cloud API has it.
pub async fn conference_mapper(
    req: HttpRequest,
    db: web::Data<Db>,
    entrance: web::Data<Entrance>,
    limit: web::Data<DialInLimit>,
) -> Result<HttpResponse, AppError> {
    let conference = query_param(&req, "conference");
    let id = query_param(&req, "id");
    if conference.is_none() && id.is_none() {
        return Ok(super::message(
            StatusCode::BAD_REQUEST,
            "ask with ?conference=<room>@<muc domain> or ?id=<PIN>",
        ));
    }
    let address = address_key(&client_ip(&req));
    let grace = entrance.grace;
    let limit = limit.into_inner();
    let asked = (conference.clone(), id.clone());
    let found = db
        .run(move |conn| {
            let attempt = match limit.0.begin(conn, &address)? {
                Ok(attempt) => attempt,
                Err(blocked) => return Err(blocked.into()),
            };
            let now = Utc::now();
            let answer = match (&asked.0, &asked.1) {
                (Some(conference), _) => {
                    conference::pin_of_conference(conn, conference, now, grace)?
                }
                (None, Some(id)) => conference::conference_of_pin(conn, id, now, grace)?,
                (None, None) => unreachable!("checked above"),
            };
            if answer.mapping.is_some() {
                limit.0.succeeded(conn, attempt)?;
            } else {
                limit.0.failed(conn, attempt)?;
            }
            Ok(answer)
        })
        .await?;
    let MapperAnswer { mapping, server } = found;
    let body = match (mapping, conference, id) {
        (Some(mapping), ..) => json!({
            "message": "Successfully retrieved conference mapping",
            "id": pin_number(&mapping.pin),
            "conference": mapping.conference,
        }),
        (None, Some(conference), _) => json!({
            "message": "No conference mapping was found",
            "id": false,
            "conference": conference,
        }),
        (None, None, id) => json!({
            "message": "No conference mapping was found",
            "id": id.as_deref().map_or(Value::Null, pin_number),
            "conference": false,
        }),
    };
    let mut answer = HttpResponse::Ok().json(body);
    allow_origin(&req, server.as_ref(), &mut answer);
    Ok(answer)
}

/// A PIN as the JSON number Jitsi reads (PINs never start with 0); what is no number stays text.
fn pin_number(pin: &str) -> Value {
    let digits = pin.trim().trim_end_matches('#');
    digits
        .parse::<u64>()
        .map_or_else(|_| Value::String(pin.to_owned()), Value::from)
}

/// The dial-in numbers, `[{"countryCode", "formattedNumber", "tollFree", "default"}]`: of the
/// server `?conference=` names, else of the server the browser's origin belongs to, else the
/// default server's. Refused (429) while the client's network is over its mapper limit.
pub async fn numbers(
    req: HttpRequest,
    db: web::Data<Db>,
    limit: web::Data<DialInLimit>,
) -> Result<HttpResponse, AppError> {
    let conference = query_param(&req, "conference");
    let origin = req
        .headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let address = address_key(&client_ip(&req));
    let limit = limit.into_inner();
    let (numbers, server) = db
        .run(move |conn| {
            if let Err(blocked) = limit.0.begin(conn, &address)? {
                return Err(blocked.into());
            }
            conference::numbers_for(conn, conference.as_deref(), origin.as_deref())
        })
        .await?;
    let mut answer = HttpResponse::Ok().json(numbers);
    allow_origin(&req, server.as_ref(), &mut answer);
    Ok(answer)
}
