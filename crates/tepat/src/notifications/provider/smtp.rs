//! The e-mail provider: one message per notification through the SMTP relay at
//! `TEPAT_SMTP_URL` (`smtp://user:password@host:port`, plain SMTP: a relay on the office
//! network takes the mail on), from `TEPAT_SMTP_FROM`.

use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{DeliveryError, Outgoing};

/// How long one SMTP conversation may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(20);
/// The port when the URL names none.
const DEFAULT_PORT: u16 = 25;

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let Some(rest) = url.strip_prefix("smtp://") else {
            anyhow::bail!("TEPAT_SMTP_URL must look like smtp://user:password@host:port");
        };
        let (credentials, host_port) = match rest.rsplit_once('@') {
            Some((credentials, host)) => (Some(credentials), host),
            None => (None, rest),
        };
        let host_port = host_port.trim_end_matches('/');
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>()?),
            None => (host_port, DEFAULT_PORT),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(TIMEOUT));
        if let Some((user, password)) = credentials.and_then(|c| c.split_once(':')) {
            builder = builder.credentials(Credentials::new(user.to_owned(), password.to_owned()));
        }
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| anyhow::anyhow!("TEPAT_SMTP_FROM: {e}"))?;
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    pub async fn deliver(&self, message: &Outgoing) -> Result<(), DeliveryError> {
        let to = message
            .to
            .parse::<Mailbox>()
            .map_err(|_| DeliveryError::new("alamat bukan alamat surel"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(message.text.clone())
            .map_err(DeliveryError::new)?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| DeliveryError::new(format!("relai SMTP {}", describe(&e))))
    }
}

/// An SMTP error in words without the recipient: the relay's answer code, or the kind of
/// failure.
fn describe(err: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = err.status() {
        format!("menjawab {code}")
    } else if err.is_timeout() {
        "tidak menjawab dalam batas waktu".to_owned()
    } else {
        "tidak terjangkau atau menolak percakapan".to_owned()
    }
}
