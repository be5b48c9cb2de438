//! `tepat serve`, `tepat migrate` and `tepat demo`.

use std::sync::Arc;

use crate::app::{self, Application};
use crate::clock::{Clock, SystemClock};
use crate::config::{DatabaseArgs, ServerArgs};
use crate::db::{Db, Engine};

pub async fn serve(args: ServerArgs) -> anyhow::Result<()> {
    let app = Application::build(args, Arc::new(SystemClock)).await?;
    println!("Tepat listening on http://{}", app.address()?);
    println!("transparency log verifier key: {}", app.log.verifier());
    app.run_until(shutdown_signal()).await
}

pub async fn migrate(args: DatabaseArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.database_url).await?;
    app::prepare(&db, &SystemClock).await?;
    let regions = crate::regions::store::count_all(&db).await?;
    println!("migrations applied; {regions} regions in the store");
    Ok(())
}

/// `tepat demo`: the same flags as `serve`, its own default database, and `--reset`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Demo database URL (kept apart from the real `tepat.db`).
    #[arg(
        long = "database-url",
        env = "TEPAT_DATABASE_URL",
        default_value = "sqlite://tepat-demo.db"
    )]
    pub database_url: String,
    #[arg(long, env = "TEPAT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    #[arg(long, env = "TEPAT_COOKIE_SECURE", default_value_t = false)]
    pub cookie_secure: bool,
    #[arg(long, env = "TEPAT_REQUEST_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub request_timeout_seconds: u64,
    /// Hours between scheduled duplicate runs (0: never).
    #[arg(long, env = "TEPAT_DUPLICATE_RUN_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u32).range(0..=8_760))]
    pub duplicate_run_hours: u32,
    /// Minutes between asking the e-wallet provider about pending payments (0: never).
    #[arg(long, env = "TEPAT_EWALLET_POLL_MINUTES", default_value_t = 15,
          value_parser = clap::value_parser!(u32).range(0..=1_440))]
    pub ewallet_poll_minutes: u32,
    /// File with the vouchers' signing key (made on first use).
    #[arg(long, env = "TEPAT_VOUCHER_KEY_FILE")]
    pub voucher_key_file: Option<std::path::PathBuf>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (comma-separated).
    #[arg(long, env = "TEPAT_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Recreate the demo database from scratch.
    #[arg(long)]
    pub reset: bool,
    #[command(flatten)]
    pub log: crate::config::LogArgs,
    #[command(flatten)]
    pub notify: crate::config::NotifyArgs,
    #[command(flatten)]
    pub cek: crate::config::CekArgs,
}

pub async fn demo(args: DemoArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    if args.reset {
        reset(&args.database_url).await?;
    }
    let server = ServerArgs {
        database: DatabaseArgs {
            database_url: args.database_url.clone(),
        },
        listen: args.listen,
        cookie_secure: args.cookie_secure,
        request_timeout_seconds: args.request_timeout_seconds,
        duplicate_run_hours: args.duplicate_run_hours,
        ewallet_poll_minutes: args.ewallet_poll_minutes,
        voucher_key_file: args.voucher_key_file.clone(),
        trusted_proxies: args.trusted_proxies.clone(),
        log: args.log.clone(),
        notify: args.notify.clone(),
        cek: args.cek.clone(),
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let app = Application::build(server, clock.clone()).await?;
    let keys = crate::vouchers::keys::KeyRing::new(crate::vouchers::keys::key_file_path(
        args.voucher_key_file.as_deref(),
        &args.database_url,
    ));
    let seeded = crate::demo::seed(&app.db, &keys, clock.now()).await?;
    let address = app.address()?;
    println!("{}", crate::demo::banner(address, &seeded));
    println!(
        "Tepat demo listening on http://{address} (ready in {} ms)",
        started.elapsed().as_millis()
    );
    app.run_until(shutdown_signal()).await
}

/// Removes the demo database. PostgreSQL is reset only when its name says it is a demo,
/// so a mistyped URL cannot wipe a real database.
async fn reset(url: &str) -> anyhow::Result<()> {
    match Engine::from_url(url)? {
        Engine::Sqlite => {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let path = path.split('?').next().unwrap_or(path);
            for suffix in ["", "-wal", "-shm"] {
                let file = format!("{path}{suffix}");
                match std::fs::remove_file(&file) {
                    Ok(()) => {}
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => anyhow::bail!("cannot remove {file}: {err}"),
                }
            }
            Ok(())
        }
        Engine::Postgres => {
            let name = url
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .split('?')
                .next()
                .unwrap_or_default();
            if !name.contains("demo") {
                anyhow::bail!(
                    "--reset on PostgreSQL only resets a database whose name contains \"demo\" (got {name:?})"
                );
            }
            let db = Db::connect(url).await?;
            sqlx::raw_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
                .execute(&db.pool)
                .await?;
            db.pool.close().await;
            Ok(())
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before exit.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
