//! `tepat duplicates run`: a full duplicate run over the registry from the command line,
//! with a progress bar and a summary; refused while another run is in progress.

use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::clock::{Clock, SystemClock};
use crate::config::DatabaseArgs;
use crate::db::Db;
use crate::duplicates::runner::{self, Report, Trigger};
use crate::duplicates::store::runs;
use crate::events::Actor;

#[derive(Debug, clap::Subcommand)]
pub enum DuplicatesCommand {
    /// Compare every person in the registry and put new candidate pairs in the review
    /// queue (the same run as the button on /duplikat/proses).
    Run(DatabaseArgs),
}

pub async fn run(command: DuplicatesCommand) -> anyhow::Result<()> {
    let DuplicatesCommand::Run(args) = command;
    let db = Db::connect(&args.database_url).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let actor = Actor::system();
    let Some(id) = runs::start(&db, Trigger::Command.code(), &actor, clock.now()).await? else {
        anyhow::bail!("a duplicate run is already in progress; wait for it to finish");
    };
    let bar = ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(150));
    let style = ProgressStyle::with_template("{spinner} {msg:<11} [{bar:30}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    let shown = bar.clone();
    let report: Report = Arc::new(move |stage: &str, done: u64, total: u64| {
        if shown.message() != stage {
            shown.set_message(stage.to_owned());
        }
        shown.set_length(total);
        shown.set_position(done);
    });
    let counts = runner::finish_or_fail(&db, id, &actor, clock, Some(report)).await;
    bar.finish_and_clear();
    let run = runs::find(&db, id).await?;
    db.pool.close().await;
    let (Some(counts), Some(run)) = (counts, run) else {
        anyhow::bail!("duplicate run {id} failed; see the log above");
    };
    println!("run                    {}", run.id);
    println!("persons                {}", counts.persons);
    println!("candidate pairs        {}", counts.candidate_pairs);
    println!("threshold              {:.4} (chosen)", counts.threshold);
    println!("pairs above threshold  {}", counts.linked_pairs);
    println!("new pairs in the queue {}", counts.pairs_opened);
    Ok(())
}
