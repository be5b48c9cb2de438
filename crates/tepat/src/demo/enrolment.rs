//! Enrolment in the demo: the Jakarta Timur office prepares PKH, Sembako and KJP Plus
//! batches for its city; the ministry approves the national ones and the DKI office KJP
//! Plus; the Klender operator's BLT Dana Desa batch waits for the district's decision.

use time::{Duration, OffsetDateTime};

use crate::auth::Principal;
use crate::db::Db;
use crate::enrolment::service;
use crate::events::{Actor, ActorKind};

/// The demo account `username` as its signed-in principal.
pub(super) async fn principal(db: &Db, username: &str) -> anyhow::Result<Principal> {
    let (account, _) = crate::accounts::store::find_for_login(db, username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {username} missing"))?;
    Ok(Principal {
        actor: Actor {
            kind: ActorKind::Account,
            id: Some(account.id),
            role: account.role.as_str().to_owned(),
        },
        name: account.display_name,
        role: account.role,
        region: account.region_code,
        token_scopes: None,
    })
}

pub async fn seed(db: &Db, now: OffsetDateTime) -> anyhow::Result<()> {
    let district = principal(db, "dinsos.jaktim").await?;
    let ministry = principal(db, "kemensos").await?;
    let province = principal(db, "dinsos.dki").await?;
    let operator = principal(db, "op.klender").await?;
    let at = now - Duration::hours(3);
    for (code, approver, note) in [
        ("PKH", &ministry, "Sesuai aturan dan kuota PKH"),
        ("SEMBAKO", &ministry, "Sesuai aturan dan kuota Sembako"),
        ("KJP_PLUS", &province, "Sesuai aturan KJP Plus"),
    ] {
        let batch = service::prepare(db, &district, code, None, None, at)
            .await
            .map_err(|e| anyhow::anyhow!("demo batch {code}: {e}"))?;
        service::approve(db, approver, batch.id, note, None, at + Duration::hours(1))
            .await
            .map_err(|e| anyhow::anyhow!("demo approval {code}: {e}"))?;
    }
    service::prepare(
        db,
        &operator,
        "BLT_DD",
        None,
        None,
        now - Duration::hours(1),
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo batch BLT_DD: {e}"))?;
    Ok(())
}
