//! Plays Prosody's part: checks a room token the way Jitsi's token plugin does
//! (../shared/reference/jitsi-jwt.md), with zero leeway, written independently of the code
//! that mints tokens (no `jsonwebtoken` here: base64, HMAC and RSA by hand).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use serde_json::Value;
use sha2::{Sha256, Sha384, Sha512};

/// The key Prosody is configured with.
pub enum ServerKey<'a> {
    /// `app_secret` for HS256/384/512.
    Secret(&'a str),
    /// The public key the key server hands out for RS256.
    RsaPublicPem(&'a str),
}

/// What Prosody is configured to accept.
pub struct Expected<'a> {
    pub alg: &'a str,
    pub key: ServerKey<'a>,
    pub issuer: &'a str,
    pub audience: &'a str,
    pub subject: &'a str,
    /// The room the browser is entering (from the redirect URL).
    pub room: &'a str,
    /// For RS256: the `kid` the key server knows.
    pub kid: Option<&'a str>,
}

/// A token Prosody let in: its header and claims.
#[derive(Debug)]
pub struct Admitted {
    pub header: Value,
    pub claims: Value,
}

/// Checks `token` like Prosody at `now` (Unix seconds); `Err` says which rule failed.
pub fn check(token: &str, expected: &Expected<'_>, now: i64) -> Result<Admitted, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, claims_b64, signature_b64] = parts[..] else {
        return Err(format!("{} parts, not 3", parts.len()));
    };
    let header = decode_json(header_b64)?;
    let claims = decode_json(claims_b64)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|e| format!("signature is not base64url: {e}"))?;
    if header["typ"] != "JWT" {
        return Err(format!("typ is {}", header["typ"]));
    }
    if header["alg"] != expected.alg {
        return Err(format!(
            "alg is {}, the server wants {}",
            header["alg"], expected.alg
        ));
    }
    let signed = format!("{header_b64}.{claims_b64}");
    verify_signature(expected, &header, signed.as_bytes(), &signature)?;

    for (claim, wanted) in [
        ("iss", expected.issuer),
        ("aud", expected.audience),
        ("sub", expected.subject),
    ] {
        if claims[claim] != wanted {
            return Err(format!("{claim} is {}, not {wanted}", claims[claim]));
        }
    }
    let room = claims["room"].as_str().ok_or("room is missing")?;
    if expected.room != room.to_lowercase() || room != expected.room {
        return Err(format!(
            "room is {room}, the browser enters {}",
            expected.room
        ));
    }
    let exp = claims["exp"].as_i64().ok_or("exp is not a number")?;
    let nbf = claims["nbf"].as_i64().ok_or("nbf is not a number")?;
    claims["iat"].as_i64().ok_or("iat is not a number")?;
    if now >= exp {
        return Err(format!("expired: now {now} >= exp {exp}"));
    }
    if now < nbf {
        return Err(format!("not yet valid: now {now} < nbf {nbf}"));
    }
    let user = &claims["context"]["user"];
    for field in ["id", "name", "email"] {
        if !user[field].is_string() {
            return Err(format!(
                "context.user.{field} is {}, not a string",
                user[field]
            ));
        }
    }
    Ok(Admitted { header, claims })
}

impl Admitted {
    /// Whether `mod_token_affiliation` (or the token-moderation plugin) makes this a moderator.
    pub fn is_moderator(&self) -> bool {
        let user = &self.claims["context"]["user"];
        user["moderator"] == true
            || user["affiliation"] == "owner"
            || self.claims["moderator"] == true
    }
}

fn decode_json(part: &str) -> Result<Value, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|e| format!("not base64url: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("not JSON: {e}"))
}

fn verify_signature(
    expected: &Expected<'_>,
    header: &Value,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    match (&expected.key, expected.alg) {
        (ServerKey::Secret(secret), "HS256") => {
            hmac_check::<Hmac<Sha256>>(secret, signed, signature)
        }
        (ServerKey::Secret(secret), "HS384") => {
            hmac_check::<Hmac<Sha384>>(secret, signed, signature)
        }
        (ServerKey::Secret(secret), "HS512") => {
            hmac_check::<Hmac<Sha512>>(secret, signed, signature)
        }
        (ServerKey::RsaPublicPem(pem), "RS256") => {
            if header["kid"].as_str() != expected.kid {
                return Err(format!(
                    "kid is {}, the key server knows {:?}",
                    header["kid"], expected.kid
                ));
            }
            let key = rsa::RsaPublicKey::from_public_key_pem(pem).map_err(|e| e.to_string())?;
            let signature = Signature::try_from(signature).map_err(|e| e.to_string())?;
            VerifyingKey::<Sha256>::new(key)
                .verify(signed, &signature)
                .map_err(|_| "RS256 signature does not verify".to_owned())
        }
        _ => Err(format!("no key for {}", expected.alg)),
    }
}

fn hmac_check<M: Mac + hmac::digest::KeyInit>(
    secret: &str,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret.as_bytes())
        .map_err(|e| e.to_string())?;
    mac.update(signed);
    mac.verify_slice(signature)
        .map_err(|_| "HMAC signature does not verify (wrong secret?)".to_owned())
}
