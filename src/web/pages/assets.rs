//! Our CSS and images, compiled into the binary and served with long-lived caching.
//!
//! URLs carry a content hash (`/assets/app.css?v=…`), so a new release is fetched at once
//! while an unchanged file is never fetched twice.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use actix_web::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;

struct Asset {
    content_type: &'static str,
    bytes: &'static [u8],
    /// Hex hash of the content: cache-busting query value and ETag.
    version: String,
}

static ASSETS: LazyLock<HashMap<&'static str, Asset>> = LazyLock::new(|| {
    let files: [(&str, &str, &[u8]); 3] = [
        (
            "app.css",
            "text/css; charset=utf-8",
            include_bytes!("../../../assets/app.css"),
        ),
        (
            "app.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../../../assets/app.js"),
        ),
        (
            "favicon.svg",
            "image/svg+xml",
            include_bytes!("../../../assets/favicon.svg"),
        ),
    ];
    files
        .into_iter()
        .map(|(name, content_type, bytes)| {
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            let version = format!("{:016x}", hasher.finish());
            (
                name,
                Asset {
                    content_type,
                    bytes,
                    version,
                },
            )
        })
        .collect()
});

/// `GET /assets/{name}`.
pub async fn serve(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let asset = ASSETS.get(name.as_str()).ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", asset.version);
    let versioned = req.query_string() == format!("v={}", asset.version);
    let cache_control = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let unchanged = req
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((ETAG, etag))
        .insert_header((CACHE_CONTROL, cache_control));
    if unchanged {
        return Ok(response.finish());
    }
    Ok(response.content_type(asset.content_type).body(asset.bytes))
}

/// The Tera function `asset(name="app.css")`, giving the versioned URL.
pub fn url_function() -> impl tera::Function {
    |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
        let name = args
            .get("name")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("asset() needs name=\"…\""))?;
        let asset = ASSETS
            .get(name)
            .ok_or_else(|| tera::Error::msg(format!("no asset named {name}")))?;
        Ok(tera::Value::String(format!(
            "/assets/{name}?v={}",
            asset.version
        )))
    }
}
