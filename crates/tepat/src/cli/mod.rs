//! The command line: `serve`, `migrate`, `demo`, `user`, `token`, `regions` and the bulk
//! tools. Failures exit non-zero with a message naming what was wrong.

mod civil;
mod dedup;
mod duplicates;
mod ledger;
mod log;
mod notifications;
mod payroll;
mod regions;
mod registry;
mod serve;
mod targeting;
mod token;
mod user;

use clap::{Parser, Subcommand};

use crate::config::{DatabaseArgs, ServerArgs};

#[derive(Debug, Parser)]
#[command(
    name = "tepat",
    version,
    about = "Tepat: bantuan sosial tepat sasaran, verifiable by anyone"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server and API.
    Serve(ServerArgs),
    /// Apply database migrations (and load the shipped region list into an empty store).
    Migrate(DatabaseArgs),
    /// Serve a demo database: Kecamatan Duren Sawit, one account per role.
    Demo(serve::DemoArgs),
    /// Manage official accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage API tokens, each acting as an account.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Manage the official region list.
    #[command(subcommand)]
    Regions(regions::RegionsCommand),
    /// Bulk import from spreadsheets (households: CSV or XLSX; civil-registry events: CSV).
    #[command(subcommand)]
    Import(registry::ImportCommand),
    /// Bulk export to spreadsheets (households: CSV or XLSX).
    #[command(subcommand)]
    Export(registry::ExportCommand),
    /// Verify a published transparency log from its URL (or exported files) and key.
    Verify(log::VerifyArgs),
    /// Work with the transparency log.
    #[command(subcommand)]
    Log(log::LogCommand),
    /// Replay the transparency log against the database; non-zero exit on any mismatch.
    Audit(log::AuditArgs),
    /// Find the same person under many spellings in a CSV file (record linkage).
    Dedup(dedup::DedupArgs),
    /// Find persons registered twice in the registry and queue them for review.
    #[command(subcommand)]
    Duplicates(duplicates::DuplicatesCommand),
    /// The double-entry ledger of every rupiah.
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
    /// Pay payrolls by bank: accounts, pain.001 files, pain.002 status reports.
    #[command(subcommand)]
    Payroll(payroll::PayrollCommand),
    /// Messages to households: deliver the outbox now, send a dead letter again.
    #[command(subcommand)]
    Notifications(notifications::NotificationsCommand),
    /// Welfare scores (PMT) and desil.
    #[command(subcommand)]
    Targeting(targeting::TargetingCommand),
    /// Print the OpenAPI 3.1 document of the JSON API.
    Openapi,
}

/// Runs a parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Migrate(args) => serve::migrate(args).await,
        Command::Demo(args) => serve::demo(args).await,
        Command::User(command) => user::run(command).await,
        Command::Token(command) => token::run(command).await,
        Command::Regions(command) => regions::run(command).await,
        Command::Import(command) => registry::run_import(command).await,
        Command::Export(command) => registry::run_export(command).await,
        Command::Verify(args) => log::verify(args).await,
        Command::Log(command) => log::log(command).await,
        Command::Audit(args) => log::audit(args).await,
        Command::Dedup(args) => dedup::run(args),
        Command::Duplicates(command) => duplicates::run(command).await,
        Command::Ledger(command) => ledger::run(command).await,
        Command::Payroll(command) => payroll::run(command).await,
        Command::Targeting(command) => targeting::run(command).await,
        Command::Notifications(command) => notifications::run(command).await,
        Command::Openapi => {
            println!(
                "{}",
                serde_json::to_string_pretty(&crate::app::openapi_document())?
            );
            Ok(())
        }
    }
}
