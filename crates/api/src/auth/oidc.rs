//! Single sign-on with an OpenID Connect provider (Entra ID, Keycloak, ...): the authorization
//! code flow with PKCE (S256), `state` against CSRF on the redirect back and `nonce` against
//! replayed ID tokens. The provider proves who the person is; breachdesk decides whether they
//! may come in: the verified e-mail address must name an existing, active account, whose
//! breachdesk role applies. A login never creates an account.
//!
//! The logins under way (state, nonce, PKCE verifier) are rows of the database, so the process
//! that receives the redirect back need not be the one that sent the user away.

use std::sync::RwLock;
use std::time::{Duration, Instant};

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, reqwest,
};

/// Where the provider sends the user back to, under the public origin.
pub const CALLBACK_PATH: &str = "/login/oidc/callback";
/// How long a login may stay at the provider before its state is forgotten.
pub const LOGIN_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::minutes(10);
/// How long the provider's metadata and signing keys are trusted before they are fetched
/// again (keys rotate).
const METADATA_LIFETIME: Duration = Duration::from_secs(600);
/// Every request to the provider gives up after this long.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// What went wrong talking to the provider or with what it sent. The messages name no person.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The settings are not usable (a URL that does not parse).
    #[error("{0}")]
    Settings(String),
    /// The provider could not be reached or answered something unusable.
    #[error("OpenID Connect provider: {0}")]
    Provider(String),
    /// The provider's answer does not prove a login (bad signature, wrong nonce, ...).
    #[error("OpenID Connect login not proven: {0}")]
    Unproven(String),
}

/// The single sign-on settings as given: issuer, client id and secret, and the public origin
/// the provider redirects back to.
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer URL (`https://login.microsoftonline.com/<tenant>/v2.0`).
    pub issuer_url: String,
    /// The client id registered at the provider.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// breachdesk's public origin (`https://breachdesk.kommun.se`).
    pub public_origin: String,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer_url", &self.issuer_url)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// A login sent to the provider: the URL to send the browser to, and what to keep until it
/// comes back.
#[derive(Debug)]
pub struct Started {
    /// The provider's authorization URL.
    pub url: String,
    /// The `state` sent along (its hash is the key of the stored login).
    pub state: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the code exchange.
    pub pkce_verifier: String,
}

/// Who the provider says signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenIdentity {
    /// The e-mail address, as the provider sent it.
    pub email: String,
}

/// A configured provider.
pub struct Oidc {
    settings: OidcSettings,
    issuer: IssuerUrl,
    redirect: RedirectUrl,
    http: reqwest::Client,
    metadata: RwLock<(Instant, CoreProviderMetadata)>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl Oidc {
    /// Reads the provider's metadata (OpenID Connect Discovery) and makes the client.
    ///
    /// # Errors
    /// Fails when a URL does not parse or the provider cannot be discovered.
    pub async fn discover(settings: OidcSettings) -> Result<Self, OidcError> {
        let issuer = IssuerUrl::new(settings.issuer_url.clone())
            .map_err(|e| OidcError::Settings(format!("BREACHDESK_OIDC_ISSUER_URL is not a URL: {e}")))?;
        let redirect = RedirectUrl::new(format!("{}{CALLBACK_PATH}", settings.public_origin.trim_end_matches('/')))
            .map_err(|e| OidcError::Settings(format!("BREACHDESK_PUBLIC_URL does not make a redirect URL: {e}")))?;
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let the provider's answers steer requests elsewhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| OidcError::Settings(format!("HTTP client: {e}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer.clone(), &http)
            .await
            .map_err(|e| OidcError::Provider(format!("discovery of {}: {e}", settings.issuer_url)))?;
        Ok(Self { settings, issuer, redirect, http, metadata: RwLock::new((Instant::now(), metadata)) })
    }

    /// The issuer URL.
    pub fn issuer(&self) -> &str {
        self.issuer.as_str()
    }

    /// The provider's metadata, fetched again when it is older than [`METADATA_LIFETIME`].
    async fn metadata(&self) -> Result<CoreProviderMetadata, OidcError> {
        if let Ok(guard) = self.metadata.read()
            && guard.0.elapsed() < METADATA_LIFETIME
        {
            return Ok(guard.1.clone());
        }
        let fresh = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| OidcError::Provider(format!("discovery: {e}")))?;
        if let Ok(mut guard) = self.metadata.write() {
            *guard = (Instant::now(), fresh.clone());
        }
        Ok(fresh)
    }

    /// Begins a login: a fresh state, nonce and PKCE pair, and the provider's URL.
    ///
    /// # Errors
    /// Fails when the provider's metadata cannot be read.
    pub async fn start(&self) -> Result<Started, OidcError> {
        let metadata = self.metadata().await?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone());
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a login: exchanges the code (with the PKCE verifier), verifies the ID token
    /// (signature, issuer, audience, expiry, nonce, access-token hash) and reads the e-mail
    /// address from it or, when it carries none, from the userinfo endpoint. An address the
    /// provider says is not verified is refused.
    ///
    /// # Errors
    /// `Provider` when the provider cannot be reached; `Unproven` for anything that does not
    /// prove the login.
    pub async fn finish(&self, code: String, nonce: &str, pkce_verifier: &str) -> Result<ProvenIdentity, OidcError> {
        let metadata = self.metadata().await?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone());
        let unproven = |what: &str, e: &dyn std::fmt::Display| OidcError::Unproven(format!("{what}: {e}"));
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Provider(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| unproven("code exchange", &e))?;
        let id_token = token.id_token().ok_or_else(|| OidcError::Unproven("no ID token".into()))?;
        let verifier = client.id_token_verifier();
        let claims = id_token.claims(&verifier, &Nonce::new(nonce.to_owned())).map_err(|e| unproven("ID token", &e))?;
        // The access token must be the one issued with this ID token (OpenID Connect Core 3.1.3.8).
        if let Some(expected) = claims.access_token_hash() {
            let algorithm = id_token.signing_alg().map_err(|e| unproven("signing algorithm", &e))?;
            let key = id_token.signing_key(&verifier).map_err(|e| unproven("signing key", &e))?;
            let actual = AccessTokenHash::from_token(token.access_token(), algorithm, key)
                .map_err(|e| unproven("access token hash", &e))?;
            if actual != *expected {
                return Err(OidcError::Unproven("the access token does not match the ID token".into()));
            }
        }
        let (email, verified) = match claims.email() {
            Some(email) => (email.as_str().to_owned(), claims.email_verified()),
            None => {
                let info: CoreUserInfoClaims = client
                    .user_info(token.access_token().clone(), Some(claims.subject().clone()))
                    .map_err(|e| OidcError::Provider(format!("no userinfo endpoint: {e}")))?
                    .request_async(&self.http)
                    .await
                    .map_err(|e| unproven("userinfo", &e))?;
                let email = info.email().ok_or_else(|| OidcError::Unproven("no e-mail address".into()))?;
                (email.as_str().to_owned(), info.email_verified())
            }
        };
        if verified == Some(false) {
            return Err(OidcError::Unproven("the provider has not verified the e-mail address".into()));
        }
        Ok(ProvenIdentity { email })
    }
}
