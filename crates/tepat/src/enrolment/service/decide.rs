//! Deciding a batch: who may, approving by name (four eyes, the programme's level, the
//! region, not stale) and rejecting with a reason.

use super::*;

/// Whether the caller may decide a batch of this programme: role at least the
/// programme's approver, and the batch's region inside the caller's.
pub(super) fn may_decide(
    caller: &Principal,
    programme: &Programme,
    batch: &Batch,
) -> Result<(), EnrolmentError> {
    if rank(caller.role.as_str()) < rank(&programme.approver) {
        return Err(EnrolmentError::invalid(
            "approver",
            "level",
            &format!(
                "batches of {} are decided by a {}",
                programme.code, programme.approver
            ),
            &format!(
                "daftar {} diputuskan oleh {}",
                programme.code,
                Role::parse(&programme.approver)
                    .map(|r| r.label(crate::web::i18n::Lang::Id))
                    .unwrap_or("petugas")
            ),
        ));
    }
    let inside = match RegionCode::parse(&batch.region) {
        Ok(region) => caller.covers(&region),
        Err(_) => caller.region.is_none(),
    };
    if !inside {
        return Err(EnrolmentError::invalid(
            "region",
            "scope",
            "the batch's region lies outside your region",
            "wilayah daftar ini berada di luar wilayah Anda",
        ));
    }
    if batch.status != WAITING {
        return Err(EnrolmentError::invalid(
            "status",
            "decided",
            "the batch is no longer waiting for a decision",
            "daftar ini sudah tidak menunggu keputusan",
        ));
    }
    Ok(())
}

pub(super) fn reason_of(note: &str, field: &str) -> Result<String, EnrolmentError> {
    let note = note.trim();
    if note.chars().count() < REASON_MIN {
        return Err(EnrolmentError::invalid(
            field,
            "min-length",
            &format!("give a reason of at least {REASON_MIN} characters"),
            &format!("tuliskan alasan minimal {REASON_MIN} karakter"),
        ));
    }
    if note.chars().count() > 1000 {
        return Err(EnrolmentError::invalid(
            field,
            "max-length",
            "at most 1,000 characters",
            "paling banyak 1.000 karakter",
        ));
    }
    Ok(note.to_owned())
}

/// Approves a waiting batch: its selected households are enrolled (except any held or
/// enrolled since), by an official other than the one who prepared it, whose role is at
/// least the programme's approver and whose region holds the batch's. A batch prepared
/// before another change to the programme's enrolments or rule is refused as stale. One
/// transaction, one event naming the count enrolled and the lines' digest.
pub async fn approve(
    db: &Db,
    caller: &Principal,
    id: i64,
    note: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Batch, EnrolmentError> {
    caller.allows(Permission::ApproveEnrolment, true)?;
    let note = note.trim();
    let code = batches::find(db, id)
        .await?
        .ok_or(EnrolmentError::NotFound)?
        .programme;
    let (programme, _, _) = programme_rule(db, &code).await?;
    let mut tx = db.begin_write().await?;
    let (batch, basis) = batches::find_in(&mut tx, id)
        .await?
        .ok_or(EnrolmentError::NotFound)?;
    may_decide(caller, &programme, &batch)?;
    if caller.actor.kind == ActorKind::Account && caller.actor.id == batch.prepared_by {
        return Err(EnrolmentError::invalid(
            "approver",
            "four-eyes",
            "a batch cannot be approved by the official who prepared it",
            "daftar tidak boleh disetujui oleh petugas yang menyusunnya",
        ));
    }
    if enrolments::basis(&mut tx, &batch.programme).await? != basis
        || programme.rule.version != batch.rule_version
    {
        return Err(EnrolmentError::invalid(
            "batch",
            "stale",
            "enrolments or the rule changed since the batch was prepared; prepare it again",
            "peserta atau aturan berubah sejak daftar disusun; susun ulang daftarnya",
        ));
    }
    let enrollable = enrolments::count_enrollable(&mut tx, id, &batch.programme).await?;
    let decision = batches::Decision {
        batch: &batch,
        status: APPROVED,
        note,
        enrolled: Some(enrollable),
    };
    let event = batches::decide(&mut tx, &decision, &caller.actor, request_id, now).await?;
    let enrolled =
        enrolments::enrol_batch(&mut tx, id, &batch.programme, &caller.actor, event, now).await?;
    if enrolled != enrollable {
        return Err(EnrolmentError::Inconsistent(format!(
            "batch {id}: counted {enrollable}, enrolled {enrolled}"
        )));
    }
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    batches::find(db, id).await?.ok_or(EnrolmentError::NotFound)
}

/// Rejects a waiting batch with a reason; nobody is enrolled.
pub async fn reject(
    db: &Db,
    caller: &Principal,
    id: i64,
    reason: &str,
    request_id: Option<String>,
    now: OffsetDateTime,
) -> Result<Batch, EnrolmentError> {
    caller.allows(Permission::ApproveEnrolment, true)?;
    let reason = reason_of(reason, "reason")?;
    let code = batches::find(db, id)
        .await?
        .ok_or(EnrolmentError::NotFound)?
        .programme;
    let (programme, _, _) = programme_rule(db, &code).await?;
    let mut tx = db.begin_write().await?;
    let (batch, _) = batches::find_in(&mut tx, id)
        .await?
        .ok_or(EnrolmentError::NotFound)?;
    may_decide(caller, &programme, &batch)?;
    let decision = batches::Decision {
        batch: &batch,
        status: REJECTED,
        note: &reason,
        enrolled: None,
    };
    batches::decide(&mut tx, &decision, &caller.actor, request_id, now).await?;
    tx.commit().await.map_err(StoreError::from_sqlx)?;
    batches::find(db, id).await?.ok_or(EnrolmentError::NotFound)
}

/// Whether the caller could decide this batch now (for showing the buttons).
pub async fn can_decide(db: &Db, caller: &Principal, batch: &Batch) -> bool {
    if caller.allows(Permission::ApproveEnrolment, true).is_err() {
        return false;
    }
    match programme_rule(db, &batch.programme).await {
        Ok((programme, _, _)) => may_decide(caller, &programme, batch).is_ok(),
        Err(_) => false,
    }
}
