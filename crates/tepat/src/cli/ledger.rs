//! `tepat ledger check`: verifies every invariant of the ledger and names each violation.

use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::ledger::check;

#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// Verify the ledger: transfers balanced and well formed, stored balances equal to
    /// their transfers, no account past its floor or ceiling, every batch committed to by
    /// its event's log entry. Non-zero exit naming each violation.
    Check(DatabaseArgs),
}

/// The most violations printed; the count says how many more there were.
const VIOLATIONS_SHOWN_MAX: usize = 1_000;

pub async fn run(command: LedgerCommand) -> anyhow::Result<()> {
    let LedgerCommand::Check(database) = command;
    let db = Db::connect(&database.database_url).await?;
    // The check reads the columns the current schema has; migrating only adds to it.
    db.migrate().await?;
    let report = check::check(&db).await?;
    for violation in report.violations.iter().take(VIOLATIONS_SHOWN_MAX) {
        eprintln!("violation: {violation}");
    }
    if report.violations.len() > VIOLATIONS_SHOWN_MAX {
        eprintln!(
            "… and {} more",
            report.violations.len() - VIOLATIONS_SHOWN_MAX
        );
    }
    let summary = format!(
        "{} accounts, {} transfers in {} batches",
        report.accounts, report.transfers, report.batches
    );
    if report.violations.is_empty() {
        println!("ledger check passed: {summary}; every invariant holds");
        Ok(())
    } else {
        anyhow::bail!(
            "ledger check failed: {} violations in {summary}",
            report.violations.len()
        )
    }
}
