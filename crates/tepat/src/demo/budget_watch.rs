//! The budget watch in the demo: a BLT Dana Desa line of DKI Jakarta, planned by the DKI
//! office with its allocation to Klender approved by the ministry, and revised once (more
//! families after the village deliberation) — proposed by the DKI office, approved by the
//! ministry, the difference moved from the treasury. PKH and Sembako figures come from the
//! demo's cycles (`money.rs`, `payments.rs`).

use time::{Duration, OffsetDateTime};

use super::enrolment::principal;
use crate::budgets::revisions::{self, RevisionInput};
use crate::budgets::service::{self as budgets, AllocationInput, LineInput};
use crate::db::Db;

const KLENDER: &str = "31.75.07.1003";

pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let ministry = principal(db, "kemensos").await?;
    let province = principal(db, "dinsos.dki").await?;
    let at = now - Duration::days(5);
    let input = LineInput {
        programme: "BLT_DD".to_owned(),
        year: 2027,
        source: "DANA_DESA".to_owned(),
        amount: 900_000_000,
        purpose: "BLT Dana Desa 2027 untuk keluarga miskin ekstrem di DKI Jakarta".to_owned(),
    };
    let line = budgets::create_line(db, &province, &input, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo budget line BLT_DD: {e}"))?;
    let allocation = AllocationInput {
        region: KLENDER.to_owned(),
        amount: 300_000_000,
        note: "BLT Dana Desa Kelurahan Klender 2027".to_owned(),
    };
    let submitted = budgets::allocate(db, &province, line.id, &allocation, None, at)
        .await
        .map_err(|e| anyhow::anyhow!("demo allocation Klender: {e}"))?;
    let checked = at + Duration::hours(3);
    budgets::decide(db, &ministry, submitted.id, true, "", None, checked)
        .await
        .map_err(|e| anyhow::anyhow!("demo approval Klender: {e}"))?;
    let revision = RevisionInput {
        amount: 1_080_000_000,
        purpose: String::new(),
        reason: "Tambahan 50 keluarga penerima setelah musyawarah kelurahan Klender".to_owned(),
    };
    let proposed = revisions::propose(
        db,
        &province,
        line.id,
        &revision,
        None,
        at + Duration::days(1),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo revision BLT_DD: {e}"))?;
    let decided = at + Duration::days(2);
    revisions::decide(
        db,
        &ministry,
        proposed.id,
        true,
        "Sesuai berita acara musyawarah",
        None,
        decided,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo revision approval BLT_DD: {e}"))?;
    Ok(())
}
