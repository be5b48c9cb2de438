//! `tepat user add` and `tepat user list`.

use std::io::BufRead;

use crate::accounts::AccountsError;
use crate::accounts::service::{self, AccountInput, Acting};
use crate::app;
use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an official account; the password is read from standard input.
    Add {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        username: String,
        /// One of: citizen, village_operator, facilitator, district_officer,
        /// province_officer, ministry_officer, bank, merchant, donor, auditor, administrator.
        #[arg(long)]
        role: String,
        /// Region scope (Kemendagri code); omit for national roles.
        #[arg(long)]
        region: Option<String>,
        /// Full name shown in the interface (defaults to the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List official accounts.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            database,
            username,
            role,
            region,
            display_name,
            password_stdin: _,
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_owned();
            let db = open(&database).await?;
            let input = AccountInput {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                role,
                region_code: region,
                password,
            };
            let account =
                service::create_account(&db, Acting::CommandLine, &input, SystemClock.now())
                    .await
                    .map_err(|err| describe("the account was not created", err))?;
            println!(
                "account {} created (id {}, role {})",
                account.username, account.id, account.role
            );
            Ok(())
        }
        UserCommand::List { database } => list(&open(&database).await?).await,
    }
}

/// Opens the store the command line works on, migrated and with its region list.
pub async fn open(database: &DatabaseArgs) -> anyhow::Result<Db> {
    let db = Db::connect(&database.database_url).await?;
    app::prepare(&db, &SystemClock).await?;
    Ok(db)
}

async fn list(db: &Db) -> anyhow::Result<()> {
    println!(
        "{:<6} {:<24} {:<18} {:<16} STATUS",
        "ID", "USERNAME", "ROLE", "REGION"
    );
    let mut after = 0;
    loop {
        let page = crate::accounts::store::list(db, None, after, 200).await?;
        for a in &page {
            let region = a
                .region_code
                .as_ref()
                .map(|r| r.to_string())
                .unwrap_or_else(|| "national".into());
            let status = if a.locked_until.is_some() {
                "locked"
            } else {
                a.status.as_str()
            };
            println!(
                "{:<6} {:<24} {:<18} {:<16} {}",
                a.id, a.username, a.role, region, status
            );
        }
        match page.last() {
            Some(last) => after = last.id,
            None => return Ok(()),
        }
    }
}

/// Turns a refusal into a message that names each field and rule, after `what`.
pub fn describe(what: &str, err: AccountsError) -> anyhow::Error {
    if err.fields().is_empty() {
        return anyhow::anyhow!("{what}: {err}");
    }
    let lines: Vec<String> = err
        .fields()
        .iter()
        .map(|f| format!("  {}: {} ({})", f.field, f.message_en, f.rule))
        .collect();
    anyhow::anyhow!("{what}:\n{}", lines.join("\n"))
}
