//! The trail as an official reads it, on the page and through the API: events inside the
//! caller's region scope, newest first, with personal data in their changes shown as the
//! caller may see it (`auth::Principal::sees`).

use super::{ActorKind, Event};
use crate::auth::{Permission, Principal, Role};
use crate::db::Db;
use crate::http::AppError;
use crate::web::i18n::Lang;

/// Up to `limit` events before the id `before` (the newest when `None`).
pub async fn read(
    db: &Db,
    caller: &Principal,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<Event>, AppError> {
    caller.require(Permission::ReadEvents)?;
    let mut events = super::store::list(db, caller.region.as_ref(), before, limit).await?;
    let redactor = caller.redactor();
    for event in &mut events {
        redactor.json(&mut event.changes);
    }
    Ok(events)
}

/// The names of the accounts that acted, for pages that show who did something.
#[derive(Debug, Clone, Default)]
pub struct ActorNames(Vec<(i64, String)>);

impl ActorNames {
    /// Looks up the accounts among `actors` (kind, id).
    pub async fn of(
        db: &Db,
        actors: impl Iterator<Item = (ActorKind, Option<i64>)>,
    ) -> Result<Self, AppError> {
        let mut ids: Vec<i64> = actors
            .filter(|(kind, _)| *kind == ActorKind::Account)
            .filter_map(|(_, id)| id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(Self(super::store::account_names(db, &ids).await?))
    }

    /// Who acted, in words: `Operator Kelurahan Klender (Operator desa/kelurahan)`, a token
    /// by its number, the system as such.
    pub fn show(&self, kind: ActorKind, id: Option<i64>, role: &str, lang: Lang) -> String {
        let role_label =
            Role::parse(role).map_or_else(|_| String::new(), |r| r.label(lang).to_owned());
        let who = match (kind, id) {
            (ActorKind::Account, Some(id)) => self
                .0
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| lang.pick(&format!("Akun {id}"), &format!("Account {id}"))),
            (ActorKind::Token, Some(id)) => {
                lang.pick(&format!("Token API {id}"), &format!("API token {id}"))
            }
            _ => lang.pick("Sistem", "System"),
        };
        if role_label.is_empty() || kind == ActorKind::System {
            who
        } else {
            format!("{who} ({role_label})")
        }
    }
}
