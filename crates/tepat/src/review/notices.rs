//! The person page's review flags, told to the registry through its `PersonNotices` hook:
//! the open flags on the person and their household, for officials who may read them.

use super::pages::FlagView;
use super::service;
use crate::auth::Principal;
use crate::db::Db;
use crate::http::AppError;
use crate::registry::hooks::{FlagNotice, HookFuture, Notices, PersonNotices};
use crate::registry::store::PersonId;
use crate::web::i18n::Lang;

/// Open review flags as person notices.
pub struct ReviewFlagNotices;

impl PersonNotices for ReviewFlagNotices {
    fn for_person<'a>(
        &'a self,
        db: &'a Db,
        viewer: &'a Principal,
        person: PersonId,
        lang: Lang,
    ) -> HookFuture<'a, Result<Notices, AppError>> {
        Box::pin(async move {
            let flags = service::open_for_person(db, viewer, person.0)
                .await?
                .into_iter()
                .map(|flag| notice(FlagView::new(flag, lang)))
                .collect();
            Ok(Notices {
                flags,
                ..Notices::default()
            })
        })
    }
}

fn notice(view: FlagView) -> FlagNotice {
    FlagNotice {
        id: view.flag.id,
        reason: view.reason,
        source: view.source,
        subject: view.subject,
        raised_at: view.raised_at,
    }
}
