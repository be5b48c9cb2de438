//! The `tepat` binary: parses the command line and runs it.

use clap::Parser;
use tepat::cli::{self, Cli};
use tepat::ops::tracing::{LogFormat, init};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init(LogFormat::from_env());
    match cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
