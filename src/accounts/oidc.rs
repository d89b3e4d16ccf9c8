//! OpenID Connect sign-in: authorization code flow with PKCE, state and nonce.
//!
//! The provider's metadata is discovered on first use (so a provider that is down does not stop
//! Treffpunkt from starting) and cached for a while, then fetched again to follow key rotation.

use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::Context;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreIdToken};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse,
    UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use tokio::sync::RwLock;

use super::federated::FederatedIdentity;
use crate::config::OidcConfig;
use crate::domain::{Email, Locale};
use crate::error::AppError;

/// How long discovered metadata (endpoints, signing keys) is trusted before asking again.
const METADATA_TTL: Duration = Duration::from_secs(15 * 60);
/// A provider that does not answer within this long counts as unavailable.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// Where the provider sends people back to, below the base URL.
pub const CALLBACK_PATH: &str = "/sign-in/oidc/callback";

/// What the browser must bring back from the provider, kept in the session meanwhile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    state: String,
    nonce: String,
    pkce_verifier: String,
}

/// Why the sign-in with the provider could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum OidcFailure {
    /// The `state` did not match what this browser was sent off with (forged or stale).
    #[error("the state parameter does not match")]
    StateMismatch,
    /// The provider reported an error or sent something that does not verify.
    #[error("the provider's answer was refused: {0}")]
    Refused(String),
    /// The provider cannot be reached.
    #[error(transparent)]
    Unavailable(anyhow::Error),
}

/// The userinfo claims beyond the standard ones, of which we read the organisation claim.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ExtraClaims(std::collections::HashMap<String, serde_json::Value>);

impl AdditionalClaims for ExtraClaims {}

impl ExtraClaims {
    /// A claim's string values: one string, or the strings of an array (Keycloak writes a
    /// multivalued mapper as an array).
    fn values(&self, claim: &str) -> Vec<String> {
        match self.0.get(claim) {
            Some(serde_json::Value::String(value)) => vec![value.clone()],
            Some(serde_json::Value::Array(values)) => values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Our client at the configured provider.
#[derive(Debug)]
pub struct OidcProvider {
    config: OidcConfig,
    redirect_url: RedirectUrl,
    post_logout_url: String,
    http: openidconnect::reqwest::Client,
    metadata: RwLock<Option<(Instant, ProviderMetadataWithLogout)>>,
}

impl OidcProvider {
    /// Prepares the client; contacts the provider only when someone signs in.
    pub fn new(config: &OidcConfig, base_url: &str) -> anyhow::Result<OidcProvider> {
        let redirect_url = RedirectUrl::new(format!("{base_url}{CALLBACK_PATH}"))
            .context("the callback URL is not valid")?;
        // No redirects: the crate's documentation warns that following them opens SSRF holes.
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .build()
            .context("cannot build the HTTP client for single sign-on")?;
        Ok(OidcProvider {
            config: config.clone(),
            redirect_url,
            post_logout_url: format!("{base_url}/"),
            http,
            metadata: RwLock::new(None),
        })
    }

    /// The label of the "sign in with …" button.
    pub fn button_label(&self) -> &str {
        &self.config.button_label
    }

    /// Whether a first sign-in creates an account.
    pub fn allow_create(&self) -> bool {
        self.config.allow_create
    }

    /// The provider URL to send the browser to, and what to remember until it comes back.
    /// `idp_hint` (an organisation's alias) takes the place of the configured hint.
    pub async fn start(
        &self,
        idp_hint: Option<&str>,
    ) -> Result<(url::Url, PendingSignIn), AppError> {
        let client = self.client().await.map_err(AppError::Unavailable)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.config.scopes.iter().filter(|scope| *scope != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        if let Some(hint) = idp_hint.or(self.config.idp_hint.as_deref()) {
            request = request.add_extra_param("kc_idp_hint", hint.to_owned());
        }
        let (url, state, nonce) = request.url();
        let pending = PendingSignIn {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        };
        Ok((url, pending))
    }

    /// Checks `state`, redeems the code, verifies the ID token, and reads who signed in.
    /// Also returns the raw ID token, needed later to end the provider's session.
    pub async fn finish(
        &self,
        pending: PendingSignIn,
        code: &str,
        state: &str,
    ) -> Result<(FederatedIdentity, String), OidcFailure> {
        if !bool::from(state.as_bytes().ct_eq(pending.state.as_bytes())) {
            return Err(OidcFailure::StateMismatch);
        }
        let client = self.client().await.map_err(OidcFailure::Unavailable)?;
        let token_response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcFailure::Refused(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcFailure::Refused(format!("the code was not accepted: {e}")))?;
        let id_token = token_response
            .id_token()
            .ok_or_else(|| OidcFailure::Refused("no ID token in the answer".to_owned()))?;
        let claims = match id_token.claims(&client.id_token_verifier(), &Nonce::new(pending.nonce))
        {
            Ok(claims) => claims,
            Err(e) => {
                // Perhaps the provider rotated its signing keys: fetch them again next time.
                *self.metadata.write().await = None;
                return Err(OidcFailure::Refused(format!(
                    "the ID token does not verify: {e}"
                )));
            }
        };

        let mut email = claims.email().map(|email| email.to_string());
        let mut email_verified = claims.email_verified().unwrap_or(false);
        let mut name = claims
            .name()
            .and_then(|name| name.get(None))
            .map(|name| name.to_string());
        let mut locale = claims
            .locale()
            .and_then(|tag| Locale::from_tag(tag.as_str()));
        // Many providers (Keycloak by configuration, oidc-provider always) keep the person's
        // details out of the ID token; the userinfo endpoint has them.
        let mut organisations = Vec::new();
        if email.is_none() || name.is_none() || self.config.organisation_claim.is_some() {
            let info: UserInfoClaims<ExtraClaims, CoreGenderClaim> = client
                .user_info(
                    token_response.access_token().clone(),
                    Some(claims.subject().clone()),
                )
                .map_err(|e| OidcFailure::Refused(format!("no userinfo endpoint: {e}")))?
                .request_async(&self.http)
                .await
                .map_err(|e| OidcFailure::Refused(format!("userinfo failed: {e}")))?;
            if email.is_none() {
                email = info.email().map(|email| email.to_string());
                email_verified = info.email_verified().unwrap_or(false);
            }
            name = name.or_else(|| {
                info.name()
                    .and_then(|name| name.get(None))
                    .map(|name| name.to_string())
            });
            locale =
                locale.or_else(|| info.locale().and_then(|tag| Locale::from_tag(tag.as_str())));
            if let Some(claim) = &self.config.organisation_claim {
                organisations = info.additional_claims().values(claim);
            }
        }
        let identity = FederatedIdentity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            email: email.and_then(|email| Email::parse(&email).ok()),
            email_verified,
            name,
            locale,
            organisations,
        };
        Ok((identity, id_token.to_string()))
    }

    /// Where to send the browser to end the provider's session too, if the provider offers that.
    pub async fn end_session_url(&self, id_token: &str) -> Option<url::Url> {
        let metadata = match self.metadata().await {
            Ok(metadata) => metadata,
            Err(e) => {
                tracing::warn!(
                    error = format!("{e:#}"),
                    "cannot end the single sign-on session"
                );
                return None;
            }
        };
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.config.client_id.clone()));
        if let Ok(token) = CoreIdToken::from_str(id_token) {
            request = request.set_id_token_hint(&token);
        }
        if let Ok(url) = PostLogoutRedirectUrl::new(self.post_logout_url.clone()) {
            request = request.set_post_logout_redirect_uri(url);
        }
        Some(request.http_get_url())
    }

    async fn client(
        &self,
    ) -> anyhow::Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
    > {
        let metadata = self.metadata().await?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(
                self.config.client_secret.expose().to_owned(),
            )),
        )
        .set_redirect_uri(self.redirect_url.clone()))
    }

    async fn metadata(&self) -> anyhow::Result<ProviderMetadataWithLogout> {
        if let Some((fetched, metadata)) = self.metadata.read().await.as_ref()
            && fetched.elapsed() < METADATA_TTL
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer())
            .context("TREFFPUNKT_OIDC_ISSUER_URL is not a valid issuer")?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .with_context(|| {
                format!(
                    "cannot read the single sign-on provider's configuration at {}",
                    self.config.issuer()
                )
            })?;
        *self.metadata.write().await = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }
}
