//! Settings for signing in: local accounts, single sign-on, sessions and attempt limits.

use std::fmt;
use std::time::Duration;

use super::{ConfigError, Source, parse_bool, parse_count};
use crate::domain::Locale;

/// How people sign in and how long they stay signed in.
#[derive(Debug, Clone)]
pub struct AccountsConfig {
    /// The language when neither the user nor the browser names one we have.
    pub default_locale: Locale,
    /// Whether e-mail + password sign-in is offered (it may be turned off when SSO is configured).
    pub local_sign_in: bool,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_max: Duration,
    /// Failed sign-ins allowed per account and per address within a window.
    pub sign_in_limits: AttemptLimits,
    /// Single sign-on, when configured.
    pub oidc: Option<OidcConfig>,
    /// `TREFFPUNKT_ORGANISATION_NAME`: what the first start calls the first organisation.
    pub organisation_name: String,
}

/// How many failures are tolerated before further attempts get 429.
#[derive(Debug, Clone, Copy)]
pub struct AttemptLimits {
    /// Failures per account (e-mail address) within `window`.
    pub per_account: u32,
    /// Failures per client address within `window`; higher, as offices share one address.
    pub per_ip: u32,
    /// The sliding window the failures are counted in.
    pub window: Duration,
}

/// The OpenID Connect provider staff sign in with (`TREFFPUNKT_OIDC_*`).
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// The provider's issuer; discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer_url: url::Url,
    /// Our client id at the provider.
    pub client_id: String,
    /// Our client secret at the provider.
    pub client_secret: ClientSecret,
    /// Scopes to ask for; always includes `openid`.
    pub scopes: Vec<String>,
    /// Whether a first sign-in creates an account.
    pub allow_create: bool,
    /// Passed as `kc_idp_hint`, so Keycloak skips its chooser and goes to one identity provider.
    pub idp_hint: Option<String>,
    /// The label on the "sign in with …" button.
    pub button_label: String,
    /// `TREFFPUNKT_OIDC_ORGANISATION_CLAIM`: the userinfo claim naming the person's organisation
    /// by its identity provider alias or slug (e.g. the alias a Keycloak mapper puts there).
    pub organisation_claim: Option<String>,
}

/// The client secret; `Debug` never shows it.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// The secret itself, for the token request only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(…)")
    }
}

impl AccountsConfig {
    /// Reads and checks every sign-in setting.
    pub fn from_source(source: &dyn Source) -> Result<AccountsConfig, ConfigError> {
        let default_locale = match source.get("TREFFPUNKT_DEFAULT_LOCALE") {
            None => Locale::De,
            Some(raw) => Locale::from_tag(&raw).ok_or_else(|| {
                ConfigError::new(
                    "TREFFPUNKT_DEFAULT_LOCALE",
                    format!("\"{raw}\" is not a language we have; use \"de\" or \"en\""),
                )
            })?,
        };
        let oidc = OidcConfig::from_source(source)?;
        let local_sign_in = parse_bool(source, "TREFFPUNKT_LOCAL_SIGN_IN", true)?;
        if !local_sign_in && oidc.is_none() {
            return Err(ConfigError::new(
                "TREFFPUNKT_LOCAL_SIGN_IN",
                "is false but single sign-on is not configured (TREFFPUNKT_OIDC_ISSUER_URL), so nobody could sign in",
            ));
        }
        let idle_minutes: u64 =
            parse_count(source, "TREFFPUNKT_SESSION_IDLE_MINUTES", 7 * 24 * 60, 120)?;
        let max_hours: u64 = parse_count(source, "TREFFPUNKT_SESSION_MAX_HOURS", 24 * 90, 12)?;
        let window_seconds: u64 =
            parse_count(source, "TREFFPUNKT_SIGN_IN_WINDOW_SECONDS", 24 * 3600, 900)?;
        Ok(AccountsConfig {
            default_locale,
            local_sign_in,
            session_idle: Duration::from_secs(idle_minutes * 60),
            session_max: Duration::from_secs(max_hours * 3600),
            sign_in_limits: AttemptLimits {
                per_account: parse_count(source, "TREFFPUNKT_SIGN_IN_MAX_FAILURES", 1000, 5)?,
                per_ip: parse_count(
                    source,
                    "TREFFPUNKT_SIGN_IN_MAX_FAILURES_PER_IP",
                    100_000,
                    50,
                )?,
                window: Duration::from_secs(window_seconds),
            },
            oidc,
            organisation_name: match source.get("TREFFPUNKT_ORGANISATION_NAME") {
                None => crate::organisations::DEFAULT_ORGANISATION_NAME.to_owned(),
                Some(raw) => crate::domain::organisation_name(&raw).map_err(|_| {
                    ConfigError::new(
                        "TREFFPUNKT_ORGANISATION_NAME",
                        "must be one visible line of at most 100 characters",
                    )
                })?,
            },
        })
    }
}

impl OidcConfig {
    /// `None` when `TREFFPUNKT_OIDC_ISSUER_URL` is unset; then client id and secret are not needed.
    fn from_source(source: &dyn Source) -> Result<Option<OidcConfig>, ConfigError> {
        let Some(raw_issuer) = source.get("TREFFPUNKT_OIDC_ISSUER_URL") else {
            return Ok(None);
        };
        let issuer_url = url::Url::parse(raw_issuer.trim())
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
            .ok_or_else(|| {
                ConfigError::new(
                    "TREFFPUNKT_OIDC_ISSUER_URL",
                    format!(
                        "\"{raw_issuer}\" is not an http(s) URL such as https://sso.example.org/realms/city"
                    ),
                )
            })?;
        let required = |variable: &'static str| {
            source.get(variable).ok_or_else(|| {
                ConfigError::new(
                    variable,
                    "is required when TREFFPUNKT_OIDC_ISSUER_URL is set",
                )
            })
        };
        let client_id = required("TREFFPUNKT_OIDC_CLIENT_ID")?;
        let client_secret = ClientSecret(required("TREFFPUNKT_OIDC_CLIENT_SECRET")?);
        let mut scopes: Vec<String> = source
            .get("TREFFPUNKT_OIDC_SCOPES")
            .unwrap_or_else(|| "openid email profile".to_owned())
            .split([' ', ','])
            .filter(|scope| !scope.is_empty())
            .map(str::to_owned)
            .collect();
        if !scopes.iter().any(|scope| scope == "openid") {
            scopes.insert(0, "openid".to_owned());
        }
        Ok(Some(OidcConfig {
            issuer_url,
            client_id,
            client_secret,
            scopes,
            allow_create: parse_bool(source, "TREFFPUNKT_OIDC_ALLOW_CREATE", true)?,
            idp_hint: source.get("TREFFPUNKT_OIDC_IDP_HINT"),
            button_label: source
                .get("TREFFPUNKT_OIDC_BUTTON_LABEL")
                .unwrap_or_else(|| "Single Sign-On".to_owned()),
            organisation_claim: source
                .get("TREFFPUNKT_OIDC_ORGANISATION_CLAIM")
                .map(|claim| claim.trim().to_owned())
                .filter(|claim| !claim.is_empty()),
        }))
    }

    /// The issuer as the provider writes it (without a trailing slash it was configured without).
    pub fn issuer(&self) -> String {
        let issuer = self.issuer_url.as_str();
        // Url adds "/" to a bare host; the provider's `iss` usually has none.
        if self.issuer_url.path() == "/" {
            issuer.trim_end_matches('/').to_owned()
        } else {
            issuer.to_owned()
        }
    }
}
