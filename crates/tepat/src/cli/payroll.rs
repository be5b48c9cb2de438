//! `tepat payroll …`: paying payrolls by bank — recipients' accounts from a bank's
//! account-opening file, the `pain.001` files of approved payrolls, and the banks'
//! `pain.002` status reports.

use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use crate::auth::{Principal, Role};
use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::disbursement::bank::{accounts, export, reconcile};
use crate::disbursement::error::CycleError;
use crate::disbursement::payroll::{self, Payroll};
use crate::events::Actor;

#[derive(Debug, clap::Subcommand)]
pub enum PayrollCommand {
    /// Write one ISO 20022 pain.001.001.09 file per bank and approved bank-transfer
    /// payroll (of one cycle, or --all awaiting a bank's answer); again, the same bytes.
    Export(ExportArgs),
    /// Import a bank's payment status report (pain.002.001.03 or .12): accepted payments
    /// are posted, rejected ones voided and queued for re-payment, the rest are exceptions.
    ImportStatus(FileArgs),
    /// Load recipients' accounts from a bank's account-opening file (CSV:
    /// no_kk,kanal,penyedia,no_rekening,nama_pemilik).
    ImportAccounts(FileArgs),
    /// Send an approved e-wallet payroll's waiting payments to the e-wallet provider
    /// (TEPAT_EWALLET_URL and TEPAT_EWALLET_TOKEN; the simulated provider when unset) and
    /// settle its answer.
    SendWallet(WalletArgs),
}

#[derive(Debug, clap::Args)]
pub struct WalletArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The payroll to pay.
    #[arg(long)]
    payroll: i64,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The cycle whose approved payrolls to write.
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    cycle: Option<i64>,
    /// Every approved payroll whose payments still await a bank's answer.
    #[arg(long)]
    all: bool,
    /// Only this bank's files (BIC).
    #[arg(long)]
    bank: Option<String>,
    /// The folder to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct FileArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    file: PathBuf,
}

/// Who the command line acts as: the system, nationally.
fn system() -> Principal {
    Principal::system("tepat (baris perintah)")
}

pub async fn run(command: PayrollCommand) -> anyhow::Result<()> {
    match command {
        PayrollCommand::Export(args) => run_export(args).await,
        PayrollCommand::ImportStatus(args) => import_status(args).await,
        PayrollCommand::ImportAccounts(args) => import_accounts(args).await,
        PayrollCommand::SendWallet(args) => send_wallet(args).await,
    }
}

fn refused(err: CycleError) -> anyhow::Error {
    match err {
        CycleError::Invalid(rule) | CycleError::Conflict(rule) => {
            anyhow::anyhow!("{}: {}", rule.field, rule.message_en)
        }
        other => anyhow::anyhow!("{other}"),
    }
}

async fn run_export(args: ExportArgs) -> anyhow::Result<()> {
    if let Some(bank) = &args.bank
        && !crate::disbursement::bank::is_bic(bank)
    {
        anyhow::bail!("--bank must be a BIC (8 or 11 capital letters and digits), not {bank:?}");
    }
    let db = Db::connect(&args.database.database_url).await?;
    db.migrate().await?;
    let payrolls: Vec<Payroll> = match args.cycle {
        Some(cycle) => {
            if crate::disbursement::store::cycle(&db, cycle)
                .await?
                .is_none()
            {
                anyhow::bail!("--cycle {cycle}: no such cycle");
            }
            payroll::store::of_cycle(&db, cycle)
                .await?
                .into_iter()
                .filter(|p| p.channel == "bank_transfer" && p.status == "approved")
                .collect()
        }
        None => payroll::store::awaiting_bank(&db).await?,
    };
    if payrolls.is_empty() {
        anyhow::bail!("no approved bank-transfer payroll to export");
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.out.display()))?;
    let bar = ProgressBar::new(payrolls.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} daftar bayar {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (actor, now) = (Actor::system(), SystemClock.now());
    let mut files = 0;
    for payroll in &payrolls {
        bar.set_message(format!("#{}", payroll.id));
        let written = export::export(&db, payroll, args.bank.as_deref(), &args.out, &actor, now)
            .await
            .map_err(refused)?;
        for file in &written {
            bar.println(format!(
                "{}: {} payments, Rp{} total, sha256 {}",
                file.path.display(),
                file.count,
                file.total,
                file.sha256
            ));
        }
        files += written.len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!("{files} files written for {} payrolls", payrolls.len());
    Ok(())
}

async fn read(path: &PathBuf) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

async fn import_status(args: FileArgs) -> anyhow::Result<()> {
    let bytes = read(&args.file).await?;
    let db = Db::connect(&args.database.database_url).await?;
    db.migrate().await?;
    let spinner = ProgressBar::new_spinner().with_message("membaca dan mencocokkan status…");
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    let done = reconcile::import(&db, &system(), &bytes, None, SystemClock.now()).await;
    spinner.finish_and_clear();
    let done = done.map_err(refused)?;
    if done.already_imported {
        println!(
            "already imported on {}: nothing changed (payroll {}, {} paid, {} rejected, {} exceptions)",
            done.file.imported_at,
            done.file.payroll_id,
            done.file.paid,
            done.file.rejected,
            done.file.exceptions
        );
    } else {
        println!(
            "payroll {}: {} paid, {} rejected (queued for re-payment), {} exceptions",
            done.file.payroll_id, done.file.paid, done.file.rejected, done.file.exceptions
        );
        for exception in done.exceptions.iter().take(100) {
            println!(
                "exception {} {}: {}",
                exception.kind, exception.end_to_end_id, exception.detail
            );
        }
    }
    Ok(())
}

async fn import_accounts(args: FileArgs) -> anyhow::Result<()> {
    let bytes = read(&args.file).await?;
    let db = Db::connect(&args.database.database_url).await?;
    db.migrate().await?;
    let source = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let done = accounts::import(&db, &Actor::system(), &source, &bytes, SystemClock.now())
        .await
        .map_err(|err| match err {
            CycleError::Invalid(rule) => anyhow::anyhow!("{}", rule.message_id),
            other => refused(other),
        })?;
    println!("{} accounts loaded (sha256 {})", done.rows, done.sha256);
    Ok(())
}

async fn send_wallet(args: WalletArgs) -> anyhow::Result<()> {
    let provider = crate::disbursement::wallet::Provider::from_env()?;
    let db = Db::connect(&args.database.database_url).await?;
    db.migrate().await?;
    let mut caller = system();
    caller.role = Role::MinistryOfficer;
    let answers = crate::disbursement::wallet::pay(
        &db,
        &caller,
        args.payroll,
        &provider,
        None,
        SystemClock.now(),
    )
    .await
    .map_err(refused)?;
    if answers.is_empty() {
        println!(
            "payroll {}: no payment waits for the provider",
            args.payroll
        );
    }
    for done in &answers {
        println!(
            "{}: {} paid, {} rejected (queued for re-payment), {} exceptions",
            done.file.original_message_id, done.file.paid, done.file.rejected, done.file.exceptions
        );
    }
    Ok(())
}
