//! Where messages go: an SMS/WhatsApp gateway's webhook for phone numbers, an SMTP relay
//! for e-mail addresses, and the log when neither is configured (the demo). Each call has
//! a time limit; a provider that fails says why in words that carry no personal data.

pub mod smtp;
pub mod webhook;

use crate::config::NotifyArgs;

/// One message on its way out: the outbox row with its link made whole.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outgoing {
    pub id: i64,
    pub kind: String,
    pub channel: String,
    /// The phone number or e-mail address.
    pub to: String,
    pub subject: String,
    /// The body with its link, as the recipient reads it.
    pub text: String,
    pub link: String,
}

/// Why a delivery failed, without personal data (no address, no message text).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

/// The longest error kept on a message: enough for a status and a cause.
const ERROR_CHARS_MAX: usize = 300;

impl DeliveryError {
    pub fn new(text: impl std::fmt::Display) -> Self {
        Self(text.to_string().chars().take(ERROR_CHARS_MAX).collect())
    }
}

/// One provider.
pub enum Provider {
    /// Writes a tracing line with the message's id and kind, never its address or text.
    Log,
    Webhook(webhook::Webhook),
    Smtp(smtp::Smtp),
}

impl Provider {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Log => "log",
            Self::Webhook(_) => "webhook",
            Self::Smtp(_) => "smtp",
        }
    }

    pub async fn deliver(&self, message: &Outgoing) -> Result<(), DeliveryError> {
        match self {
            Self::Log => {
                tracing::info!(
                    notification = message.id,
                    kind = %message.kind,
                    channel = %message.channel,
                    "notification delivered to the log (no provider configured)"
                );
                Ok(())
            }
            Self::Webhook(webhook) => webhook.deliver(message).await,
            Self::Smtp(smtp) => smtp.deliver(message).await,
        }
    }
}

/// The providers of each channel and the public base URL links are made from.
pub struct Providers {
    pub sms: Provider,
    pub email: Provider,
    /// For a channel nobody configured.
    log: Provider,
    pub public_url: String,
}

impl Providers {
    /// Reads the configuration: the webhook for phone numbers when its URL is set (its
    /// secret is then required), SMTP for e-mail when its URL is set, the log otherwise.
    /// Refused before a port is bound when something is missing or malformed.
    pub fn from_args(args: &NotifyArgs) -> anyhow::Result<Self> {
        let sms = match non_empty(args.webhook_url.as_deref()) {
            Some(url) => {
                let Some(secret) = non_empty(args.webhook_secret.as_deref()) else {
                    anyhow::bail!(
                        "TEPAT_NOTIFY_WEBHOOK_SECRET is required with TEPAT_NOTIFY_WEBHOOK_URL"
                    );
                };
                Provider::Webhook(webhook::Webhook::new(url, secret)?)
            }
            None => Provider::Log,
        };
        let email = match non_empty(args.smtp_url.as_deref()) {
            Some(url) => Provider::Smtp(smtp::Smtp::new(url, &args.smtp_from)?),
            None => Provider::Log,
        };
        let public_url = args.public_url.trim().trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            anyhow::bail!("TEPAT_PUBLIC_URL must start with http:// or https://");
        }
        Ok(Self {
            sms,
            email,
            log: Provider::Log,
            public_url,
        })
    }

    /// The provider of a channel; the log for a channel nobody configured.
    pub fn of(&self, channel: &str) -> &Provider {
        match channel {
            super::SMS => &self.sms,
            super::EMAIL => &self.email,
            _ => &self.log,
        }
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> NotifyArgs {
        NotifyArgs {
            public_url: "https://bansos.example.go.id/".into(),
            ..NotifyArgs::default()
        }
    }

    #[test]
    fn nothing_configured_is_the_log_and_a_webhook_needs_its_secret() {
        let providers = Providers::from_args(&args()).expect("log");
        assert_eq!(providers.of("sms").name(), "log");
        assert_eq!(providers.of("email").name(), "log");
        assert_eq!(providers.public_url, "https://bansos.example.go.id");
        let mut webhook = args();
        webhook.webhook_url = Some("http://127.0.0.1:9/kirim".into());
        assert!(Providers::from_args(&webhook).is_err());
        webhook.webhook_secret = Some("rahasia".into());
        let providers = Providers::from_args(&webhook).expect("webhook");
        assert_eq!(providers.of("sms").name(), "webhook");
        webhook.webhook_url = Some("https://gateway.example.id/kirim".into());
        assert!(
            Providers::from_args(&webhook).is_err(),
            "no TLS stack: refused at start"
        );
        let mut bad = args();
        bad.public_url = "bansos.example.go.id".into();
        assert!(Providers::from_args(&bad).is_err());
    }

    #[test]
    fn errors_are_kept_short() {
        assert_eq!(
            DeliveryError::new("x".repeat(1_000)).0.len(),
            ERROR_CHARS_MAX
        );
    }
}
