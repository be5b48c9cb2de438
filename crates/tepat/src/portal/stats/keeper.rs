//! The figures as the server keeps them (`../kept.rs`): every region's, computed at once,
//! and computed again when the event trail's mark moves (every change the figures count
//! appends an event).

use std::collections::HashMap;

use time::OffsetDateTime;

use super::figures::{self, Figures};
use super::store::{self, Names};
use crate::db::{Db, StoreError};
use crate::portal::kept::{self, Kept, Source};

/// One read of every figure.
pub type Copy = kept::Copy<Statistics>;
/// The server's figures, shared by its requests.
pub type Keeper = Kept<Statistics>;

/// Every figure.
#[derive(Debug)]
pub struct Statistics {
    /// Every region's figures, the whole country as `""`.
    pub figures: HashMap<String, Figures>,
    /// Per region, its regions one level down with figures, in code order.
    pub children: HashMap<String, Vec<String>>,
    pub names: Names,
    /// The tree size of the transparency log's latest checkpoint when the read began.
    pub checkpoint: u64,
    /// When the read began: the figures are at least this fresh.
    pub computed_at: OffsetDateTime,
}

impl Statistics {
    /// The figures of `code` (`""`: the whole country); empty for a region with none.
    pub fn of(&self, code: &str) -> Figures {
        self.figures.get(code).cloned().unwrap_or_default()
    }

    /// The name of a region with figures; the whole country for `""`.
    pub fn name(&self, code: &str) -> String {
        if code.is_empty() {
            return "Indonesia".to_owned();
        }
        self.names.regions.get(code).cloned().unwrap_or_default()
    }

    /// Whether `code` has figures (the whole country always has).
    pub fn has(&self, code: &str) -> bool {
        self.figures.contains_key(code)
    }
}

impl Source for Statistics {
    const NAME: &'static str = "statistics";

    async fn read(db: &Db, now: OffsetDateTime) -> Result<Self, StoreError> {
        let checkpoint = crate::budgets::watch::checkpoint_size(db).await?;
        let villages = store::villages(db).await?;
        let figures = figures::roll_up(villages);
        let codes: Vec<&str> = figures.keys().map(String::as_str).collect();
        let names = store::names(db, &codes).await?;
        let children = figures::children(&figures);
        tracing::info!(regions = figures.len(), "statistics");
        Ok(Self {
            figures,
            children,
            names,
            checkpoint,
            computed_at: now,
        })
    }
}

impl Keeper {
    /// The server's keeper, or a fresh one when the router was built without it.
    pub fn of(state: &crate::http::AppState) -> Self {
        state.part::<Self>().cloned().unwrap_or_default()
    }
}
