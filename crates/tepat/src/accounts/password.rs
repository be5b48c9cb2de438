//! Passwords: argon2id hashes (the crate's defaults follow the OWASP recommendation),
//! computed off the async threads, and the password rule.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Shortest password accepted for an official account.
pub const PASSWORD_LENGTH_MIN: usize = 10;
/// Longest password accepted; bounds hashing work per request.
pub const PASSWORD_LENGTH_MAX: usize = 256;

/// Checks the password rule; returns (English, Indonesian) messages on failure.
pub fn check_rule(password: &str) -> Result<(), (String, String)> {
    let length = password.chars().count();
    if length < PASSWORD_LENGTH_MIN {
        return Err((
            format!("must be at least {PASSWORD_LENGTH_MIN} characters"),
            format!("minimal {PASSWORD_LENGTH_MIN} karakter"),
        ));
    }
    if length > PASSWORD_LENGTH_MAX {
        return Err((
            format!("must be at most {PASSWORD_LENGTH_MAX} characters"),
            format!("maksimal {PASSWORD_LENGTH_MAX} karakter"),
        ));
    }
    Ok(())
}

/// Hashes a password into a PHC string (`$argon2id$v=19$…`).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))
    })
    .await?
}

/// True when `password` matches the stored PHC string.
pub async fn verify(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), phc.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let phc = hash("kata-sandi-rahasia".into()).await.expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("kata-sandi-rahasia".into(), phc.clone()).await);
        assert!(!verify("kata-sandi-salah".into(), phc).await);
        assert!(!verify("anything".into(), "not a hash".into()).await);
    }

    #[test]
    fn length_rule() {
        assert!(check_rule("pendek").is_err());
        assert!(check_rule("cukup-panjang").is_ok());
        assert!(check_rule(&"x".repeat(PASSWORD_LENGTH_MAX + 1)).is_err());
    }
}
