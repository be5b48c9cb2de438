//! The webhook provider for an SMS/WhatsApp gateway: `POST` of the message as JSON to
//! `TEPAT_NOTIFY_WEBHOOK_URL`, signed with `TEPAT_NOTIFY_WEBHOOK_SECRET` in the header
//! `X-Tepat-Signature: sha256=<hex HMAC-SHA256 of the body>`, and the header
//! `Idempotency-Key: tepat-notification-<id>` so that a gateway can tell a retry from a
//! new message. Any 2xx answer is a delivery.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{DeliveryError, Outgoing};

/// How long one call to the gateway may take, connecting included: long enough for a
/// slow gateway, short enough that one down gateway does not hold the worker for long.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Tepat-Signature";

pub struct Webhook {
    url: String,
    secret: String,
    client: reqwest::Client,
}

impl Webhook {
    pub fn new(url: &str, secret: &str) -> anyhow::Result<Self> {
        // The HTTP client is built without a TLS stack (as for the e-wallet provider), so an
        // https:// gateway would fail every delivery: refused at start instead, where the
        // operator sees it. A TLS-terminating proxy beside Tepat reaches such a gateway.
        if !url.starts_with("http://") {
            anyhow::bail!(
                "TEPAT_NOTIFY_WEBHOOK_URL must start with http:// (this build speaks no TLS; \
                 reach an https:// gateway through a local TLS-terminating proxy)"
            );
        }
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()?;
        Ok(Self {
            url: url.to_owned(),
            secret: secret.to_owned(),
            client,
        })
    }

    pub async fn deliver(&self, message: &Outgoing) -> Result<(), DeliveryError> {
        let body = serde_json::to_vec(message).map_err(DeliveryError::new)?;
        let response = self
            .client
            .post(&self.url)
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, signature(self.secret.as_bytes(), &body))
            .header(
                "Idempotency-Key",
                format!("tepat-notification-{}", message.id),
            )
            .body(body)
            .send()
            .await
            // Without the URL: the error names what went wrong, not where.
            .map_err(|e| DeliveryError::new(cause(e)))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(DeliveryError::new(format!(
                "gateway menjawab {}",
                status.as_u16()
            )))
        }
    }
}

/// `sha256=<hex HMAC-SHA256 of body with secret>`: what the gateway recomputes.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret) else {
        // HMAC takes a key of any length; this arm is never reached.
        return String::new();
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn cause(err: reqwest::Error) -> String {
    if err.is_timeout() {
        "gateway tidak menjawab dalam batas waktu".to_owned()
    } else if err.is_connect() {
        "gateway tidak terjangkau (koneksi ditolak atau tidak ada rute)".to_owned()
    } else {
        format!("panggilan gateway gagal: {}", err.without_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_rfc_4231_hmac_in_hex() {
        // RFC 4231, test case 2.
        let got = signature(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            got,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
