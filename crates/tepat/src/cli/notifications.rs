//! `tepat notifications …`: one delivery round over the outbox now, and sending a dead
//! letter again — for operators, and for a server started without the worker.

use crate::auth::Principal;
use crate::clock::{Clock, SystemClock};
use crate::config::{DatabaseArgs, NotifyArgs};
use crate::db::Db;
use crate::notifications::provider::Providers;
use crate::notifications::{service, worker};

#[derive(Debug, clap::Subcommand)]
pub enum NotificationsCommand {
    /// Deliver every due message now through the configured providers (the log when none
    /// is configured); prints how many were sent, retried later and given up on.
    Deliver(DeliverArgs),
    /// Queue a failed message (a dead letter) again, due now.
    Retry(RetryArgs),
}

#[derive(Debug, clap::Args)]
pub struct DeliverArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(flatten)]
    notify: NotifyArgs,
}

#[derive(Debug, clap::Args)]
pub struct RetryArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The notification's id.
    #[arg(long)]
    id: i64,
}

pub async fn run(command: NotificationsCommand) -> anyhow::Result<()> {
    match command {
        NotificationsCommand::Deliver(args) => deliver(args).await,
        NotificationsCommand::Retry(args) => retry(args).await,
    }
}

async fn deliver(args: DeliverArgs) -> anyhow::Result<()> {
    let providers = Providers::from_args(&args.notify)?;
    let db = Db::connect(&args.database.database_url).await?;
    let round = worker::deliver_all(&db, &providers, SystemClock.now()).await?;
    println!(
        "{} sent, {} to be retried, {} failed for good",
        round.sent, round.retried, round.dead
    );
    Ok(())
}

async fn retry(args: RetryArgs) -> anyhow::Result<()> {
    let db = Db::connect(&args.database.database_url).await?;
    let system = Principal::system("tepat (baris perintah)");
    let notification = service::requeue(&db, &system, args.id, None, SystemClock.now())
        .await
        .map_err(|e| anyhow::anyhow!("notification {}: {e}", args.id))?;
    println!("notification {} queued again", notification.id);
    Ok(())
}
