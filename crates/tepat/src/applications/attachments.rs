//! Documents kept with a self-registration form that came back with a mistake: a family
//! that uploaded photos and got a field wrong sees them listed as attached and need not
//! upload them again. They are kept against the form's one-time id, bounded per form and
//! per client address, moved to the application when the form is sent, and forgotten
//! after `rules::FORM_FILES_HOURS_MAX`.

use std::net::IpAddr;

use time::{Duration, OffsetDateTime};

use super::error::{ApplicationError, FieldProblem, Limit, findings};
use super::model::Document;
use super::rules;
use super::service::stored_documents;
use super::store::{self, form_files::KeptFile};
use crate::changes::store::{EVIDENCE_FILES_MAX, check_files};
use crate::db::{Db, ResultExt};

fn too_many_files() -> ApplicationError {
    ApplicationError::invalid(FieldProblem::new(
        "documents",
        "too-many",
        &format!("at most {EVIDENCE_FILES_MAX} files, counting those already attached"),
        &format!("paling banyak {EVIDENCE_FILES_MAX} berkas, termasuk yang sudah terlampir"),
    ))
}

/// Keeps the documents just uploaded with the form `form_id`, after checking them like
/// an application's documents. A form already sent keeps nothing more.
pub async fn keep(
    db: &Db,
    form_id: &str,
    client_address: Option<IpAddr>,
    uploaded: &[Document],
    now: OffsetDateTime,
) -> Result<(), ApplicationError> {
    if uploaded.is_empty() || store::find_by_form(db, form_id).await?.is_some() {
        return Ok(());
    }
    let types = findings(check_files("documents", uploaded).map_err(crate::http::AppError::from))?
        .map_err(ApplicationError::Invalid)?;
    let documents = stored_documents(uploaded, &types);
    let client_key = client_address.map(rules::client_key);
    let since = now - Duration::hours(rules::FORM_FILES_HOURS_MAX);
    let mut tx = db.begin_write().await?;
    store::form_files::prune(&mut tx, since).await?;
    let (for_form, for_client) =
        store::form_files::counts(&mut tx, form_id, client_key.as_deref(), since).await?;
    let adding = documents.len() as i64;
    if for_form + adding > EVIDENCE_FILES_MAX as i64 {
        return Err(too_many_files());
    }
    if client_key.is_some() && for_client + adding > rules::FORM_FILES_PER_CLIENT_MAX {
        return Err(ApplicationError::TooMany(Limit::ClientAddress));
    }
    store::form_files::insert(&mut tx, form_id, client_key.as_deref(), &documents, now).await?;
    tx.commit().await.store()?;
    Ok(())
}

/// The documents kept with a form, as it lists them.
pub async fn kept(db: &Db, form_id: &str) -> Result<Vec<KeptFile>, ApplicationError> {
    Ok(store::form_files::list(db, form_id).await?)
}

/// The documents kept with a form, to send with it.
pub async fn documents(db: &Db, form_id: &str) -> Result<Vec<Document>, ApplicationError> {
    let kept = store::form_files::contents(db, form_id).await?;
    Ok(kept
        .into_iter()
        .map(|(file_name, content)| Document { file_name, content })
        .collect())
}
