//! Configuration: one typed struct from flags and `TEPAT_…` environment variables,
//! validated before a port is bound, with secrets redacted in `Debug`.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the data lives.
#[derive(Clone, clap::Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://…`.
    #[arg(
        long = "database-url",
        env = "TEPAT_DATABASE_URL",
        default_value = "sqlite://tepat.db"
    )]
    pub database_url: String,
}

impl fmt::Debug for DatabaseArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseArgs")
            .field("database_url", &redact_url(&self.database_url))
            .finish()
    }
}

/// Everything `tepat serve` and `tepat demo` need.
#[derive(Clone, Debug, clap::Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on; port 0 picks a free port (the bound address is printed).
    #[arg(long, env = "TEPAT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Mark cookies `Secure`; set when Tepat is served over HTTPS (directly or by a proxy).
    #[arg(long, env = "TEPAT_COOKIE_SECURE", default_value_t = false)]
    pub cookie_secure: bool,
    /// Longest time a request may take before it is answered with 408.
    #[arg(long, env = "TEPAT_REQUEST_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub request_timeout_seconds: u64,
    /// Hours between scheduled duplicate runs over the whole registry (0: never; at most
    /// a year). The first comes that long after the latest run, or after the start.
    #[arg(long, env = "TEPAT_DUPLICATE_RUN_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u32).range(0..=8_760))]
    pub duplicate_run_hours: u32,
    /// Minutes between asking the e-wallet provider about payments it left pending (0:
    /// never, when it pushes its answers to `POST /api/v1/wallet-status`; at most a day).
    #[arg(long, env = "TEPAT_EWALLET_POLL_MINUTES", default_value_t = 15,
          value_parser = clap::value_parser!(u32).range(0..=1_440))]
    pub ewallet_poll_minutes: u32,
    /// File with the vouchers' Ed25519 signing key, made on first use. Defaults to
    /// `tepat-voucher.key` beside a SQLite database, or in the working directory.
    #[arg(long, env = "TEPAT_VOUCHER_KEY_FILE")]
    pub voucher_key_file: Option<PathBuf>,
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client
    /// (comma-separated); limits per client count that address instead of the proxy's.
    #[arg(long, env = "TEPAT_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    #[command(flatten)]
    pub log: LogArgs,
    #[command(flatten)]
    pub notify: NotifyArgs,
    #[command(flatten)]
    pub cek: CekArgs,
}

/// The public recipient lookup (Cek Bansos) and the SMS status check: their limits, and
/// the key that signs what the SMS gateway posts.
#[derive(Clone, clap::Args)]
pub struct CekArgs {
    /// Lookups a minute one client address (or one SMS sender) may make; more are answered
    /// 429 until the minute is over.
    #[arg(long = "cek-rate-per-minute", env = "TEPAT_CEK_RATE_PER_MINUTE",
          default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rate_per_minute: u32,
    /// Lookups a day of one NIK, from anywhere, so birth dates cannot be tried in turn.
    #[arg(long = "cek-nik-per-day", env = "TEPAT_CEK_NIK_PER_DAY",
          default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub nik_per_day: u32,
    /// The key of the HMAC-SHA256 signature (`X-Tepat-Signature`) the SMS gateway puts on
    /// `POST /api/v1/sms/inbound`. Unset: every inbound SMS is refused.
    #[arg(long = "sms-secret", env = "TEPAT_SMS_SECRET")]
    pub sms_secret: Option<String>,
}

/// The documented defaults and no SMS key.
impl Default for CekArgs {
    fn default() -> Self {
        Self {
            rate_per_minute: 30,
            nik_per_day: 5,
            sms_secret: None,
        }
    }
}

impl fmt::Debug for CekArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CekArgs")
            .field("rate_per_minute", &self.rate_per_minute)
            .field("nik_per_day", &self.nik_per_day)
            .field("sms_secret", &self.sms_secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Notification settings of `tepat serve`, `tepat demo` and `tepat notifications`: the
/// worker's pace, the public address links point at, and the providers. With no provider
/// configured, messages go to the log.
#[derive(Clone, clap::Args)]
pub struct NotifyArgs {
    /// Seconds between the worker's rounds over the outbox (0: no worker; deliver with
    /// `tepat notifications deliver`; at most an hour).
    #[arg(long = "notify-interval-seconds", env = "TEPAT_NOTIFY_INTERVAL_SECONDS",
          default_value_t = 30, value_parser = clap::value_parser!(u32).range(0..=3_600))]
    pub interval_seconds: u32,
    /// The public address of this site, for the links in messages.
    #[arg(
        long = "public-url",
        env = "TEPAT_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
    /// The SMS/WhatsApp gateway's webhook: messages to phone numbers are posted there as
    /// JSON, signed. Unset: they go to the log.
    #[arg(long = "notify-webhook-url", env = "TEPAT_NOTIFY_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The key of the webhook's HMAC-SHA256 signature (`X-Tepat-Signature`).
    #[arg(long = "notify-webhook-secret", env = "TEPAT_NOTIFY_WEBHOOK_SECRET")]
    pub webhook_secret: Option<String>,
    /// The SMTP relay for e-mail: `smtp://user:password@host:port`. Unset: the log.
    #[arg(long = "smtp-url", env = "TEPAT_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of e-mail.
    #[arg(
        long = "smtp-from",
        env = "TEPAT_SMTP_FROM",
        default_value = "Tepat <bansos@localhost>"
    )]
    pub smtp_from: String,
}

/// No worker (whoever builds the settings by hand drives delivery), links to the local
/// address, no provider: what the tests start with.
impl Default for NotifyArgs {
    fn default() -> Self {
        Self {
            interval_seconds: 0,
            public_url: "http://127.0.0.1:8080".to_owned(),
            webhook_url: None,
            webhook_secret: None,
            smtp_url: None,
            smtp_from: "Tepat <bansos@localhost>".to_owned(),
        }
    }
}

impl fmt::Debug for NotifyArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = self.webhook_secret.as_ref().map(|_| "***");
        f.debug_struct("NotifyArgs")
            .field("interval_seconds", &self.interval_seconds)
            .field("public_url", &self.public_url)
            .field("webhook_url", &self.webhook_url)
            .field("webhook_secret", &secret)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("smtp_from", &self.smtp_from)
            .finish()
    }
}

/// Hides the password in a database URL: `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_debug_output() {
        let args = DatabaseArgs {
            database_url: "postgres://tepat:rahasia@db/tepat".into(),
        };
        let text = format!("{args:?}");
        assert!(!text.contains("rahasia"));
        assert!(text.contains("postgres://tepat:***@db/tepat"));
        assert_eq!(redact_url("sqlite://tepat.db"), "sqlite://tepat.db");
        let notify = NotifyArgs {
            webhook_secret: Some("kunci-rahasia".into()),
            smtp_url: Some("smtp://surat:sandi@relay:25".into()),
            ..NotifyArgs::default()
        };
        let text = format!("{notify:?}");
        let cek = CekArgs {
            sms_secret: Some("kunci-sms".into()),
            ..CekArgs::default()
        };
        assert!(!format!("{cek:?}").contains("kunci-sms"));
        assert!(
            !text.contains("kunci-rahasia") && !text.contains("sandi@"),
            "{text}"
        );
    }

    #[derive(clap::Parser)]
    struct Log {
        #[command(flatten)]
        log: LogArgs,
    }

    #[test]
    fn the_sequencer_interval_is_refused_outside_its_range() {
        use clap::Parser;
        let parse = |args: &[&str]| Log::try_parse_from([&["tepat"], args].concat());
        assert_eq!(parse(&[]).expect("unset").log.sequence_ms, None);
        let set = parse(&["--log-sequence-ms", "200"]).expect("in range");
        assert_eq!(set.log.sequence_ms, Some(200));
        assert!(parse(&["--log-sequence-ms", "10"]).is_err());
        assert!(parse(&["--log-sequence-ms", "60001"]).is_err());
    }
}

/// Transparency-log settings of `tepat serve`, `tepat demo` and `tepat audit`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct LogArgs {
    /// File with the log's signing key, created on first start. Defaults to `tepat-log.key`
    /// beside a SQLite database, or in the working directory for PostgreSQL.
    #[arg(long = "log-key-file", env = "TEPAT_LOG_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// The log's name (checkpoint origin) for a new key, e.g. `bansos.example.go.id/log`.
    #[arg(long = "log-origin", env = "TEPAT_LOG_ORIGIN")]
    pub origin: Option<String>,
    /// A witness allowed to cosign checkpoints, as its verifier key `NAME+KEYID+KEY`;
    /// repeat the flag, or separate several with commas in the variable.
    #[arg(long = "witness", env = "TEPAT_WITNESSES", value_delimiter = ',')]
    pub witnesses: Vec<String>,
    /// Milliseconds between the sequencer's batches, the longest an event waits for its
    /// log index (50 to 60,000; 1,000 when unset). Under load it goes sooner: it looks at
    /// the queue five times per interval and sequences once 256 events wait.
    #[arg(long = "log-sequence-ms", env = "TEPAT_LOG_SEQUENCE_MS",
          value_parser = clap::value_parser!(u32).range(50..=60_000))]
    pub sequence_ms: Option<u32>,
}
