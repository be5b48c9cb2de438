//! `tepat token create`, `tepat token list` and `tepat token revoke`: the command-line twin
//! of the `/token` page, for automation and for bootstrapping a bank or an agency. The
//! commands act as the command line and write the same events as the web.

use super::user::{describe, open};
use crate::accounts::service::{self, Acting, Revocation, TokenInput};
use crate::accounts::tokens::{ApiToken, TokenId, store};
use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;

/// Tokens read per page while listing.
const LIST_PAGE_SIZE: u32 = 200;

#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create an API token that acts as an account; prints only the token, once, on
    /// standard output.
    Create(CreateArgs),
    /// List API tokens: id, name, account, scopes, created, revoked (never the secrets).
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke an API token; fails for an unknown or already revoked id.
    Revoke {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The token's id, as `tepat token list` shows it.
        id: i64,
    },
}

#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The account the token acts as: its identity, role and region scope.
    #[arg(long)]
    username: String,
    /// A scope the account's role allows, e.g. `regions:read`; repeat for several.
    #[arg(long = "scope", value_name = "SCOPE")]
    scopes: Vec<String>,
    /// Grant every scope the account's role allows (instead of `--scope`).
    #[arg(long)]
    all_scopes: bool,
    /// The client's name shown in lists (defaults to the username).
    #[arg(long)]
    name: Option<String>,
}

pub async fn run(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create(args) => create(args).await,
        TokenCommand::List { database } => list(&open(&database).await?).await,
        TokenCommand::Revoke { database, id } => revoke(&open(&database).await?, id).await,
    }
}

async fn create(args: CreateArgs) -> anyhow::Result<()> {
    let db = open(&args.database).await?;
    let input = TokenInput {
        name: args.name.unwrap_or_else(|| args.username.clone()),
        username: args.username,
        scopes: args.scopes,
        all_scopes: args.all_scopes,
    };
    let created = service::create_token(&db, Acting::CommandLine, &input, SystemClock.now())
        .await
        .map_err(|err| describe("the token was not created", err))?;
    eprintln!(
        "token {} created for account {}; it is shown once, below",
        created.id,
        input.username.trim().to_lowercase()
    );
    println!("{}", created.secret);
    Ok(())
}

fn row(token: &ApiToken) -> String {
    let scopes = token
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "{:<6} {:<32} {:<24} {:<40} {:<20} {}",
        token.id,
        token.name,
        token.username,
        scopes,
        token.created_at,
        token.revoked_at.as_deref().unwrap_or("-")
    )
}

async fn list(db: &Db) -> anyhow::Result<()> {
    println!(
        "{:<6} {:<32} {:<24} {:<40} {:<20} REVOKED",
        "ID", "NAME", "ACCOUNT", "SCOPES", "CREATED"
    );
    let mut after = TokenId(0);
    loop {
        let page = store::list(db, None, after, LIST_PAGE_SIZE).await?;
        for token in &page {
            println!("{}", row(token));
        }
        match page.last() {
            Some(last) => after = last.id,
            None => return Ok(()),
        }
    }
}

async fn revoke(db: &Db, id: i64) -> anyhow::Result<()> {
    let outcome = service::revoke_token(db, Acting::CommandLine, TokenId(id), SystemClock.now())
        .await
        .map_err(|err| describe("the token was not revoked", err))?;
    match outcome {
        Revocation::Revoked => {
            println!("token {id} revoked");
            Ok(())
        }
        Revocation::AlreadyRevoked => Err(anyhow::anyhow!(
            "the token was not revoked: token {id} was already revoked"
        )),
    }
}
