//! Single sign-on with OpenID Connect.

/// The configured provider.
#[derive(Debug)]
pub struct Oidc;
