//! The `tepat` binary: parses the command line and runs it.

use clap::Parser;
use tepat::cli::{self, Cli};
use tepat::ops::tracing::{LogFormat, init};

/// mimalloc for every allocation in the process, SQLite's included (the `override`
/// feature replaces `malloc` and `free` themselves). SQLite allocates and frees every value
/// bound to a statement, and glibc's allocator took about a sixth of a bulk import's time
/// in its slow paths (1,000,000 persons imported: about 70 s with glibc, about 50 s with
/// mimalloc or jemalloc, same machine and day).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
