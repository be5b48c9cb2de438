//! The checks a finalisation passes before anything is written: the meeting is still open
//! and was held, the attendance names real roles and includes the recorder, every agenda
//! item has exactly one decision of the right kind, and the required roles were present.

use time::OffsetDateTime;

use super::{known_role, refused};
use crate::auth::Principal;
use crate::deliberations::error::DeliberationError;
use crate::deliberations::model::{Attendee, Deliberation, FINALISED, Item};

pub(super) fn finalised() -> DeliberationError {
    refused(
        "status",
        "finalised",
        "a finalised deliberation never changes; a correction is a new proposal",
        "musyawarah yang sudah final tidak dapat diubah; koreksi lewat usulan baru",
    )
}

pub(super) fn open_and_held(
    d: &Deliberation,
    now: OffsetDateTime,
) -> Result<(), DeliberationError> {
    if d.status == FINALISED {
        return Err(finalised());
    }
    if d.held_on.as_str() > crate::clock::today(now).to_string().as_str() {
        return Err(refused(
            "held_on",
            "future",
            "the deliberation has not been held yet",
            "musyawarah ini belum dilaksanakan",
        ));
    }
    Ok(())
}

/// The attendance, names cleaned; the recorder must be present under their account.
pub(super) fn attendees(
    caller: &Principal,
    sent: &[Attendee],
) -> Result<Vec<Attendee>, DeliberationError> {
    if sent.is_empty() || sent.len() > 200 {
        return Err(refused(
            "attendees",
            "length",
            "list 1 to 200 attendees",
            "isi 1 sampai 200 peserta",
        ));
    }
    let mut kept = Vec::new();
    for a in sent {
        if !known_role(&a.role) {
            return Err(refused(
                "attendees",
                "role",
                "an attendee's role is one of rt_rw, family_representative, babinsa, bhabinkamtibmas, village_head, village_operator, facilitator, other",
                "peran peserta tidak dikenal",
            ));
        }
        kept.push(Attendee {
            name: super::short(&a.name, "attendees", 100)?,
            ..a.clone()
        });
    }
    let me = (caller.actor.kind == crate::events::ActorKind::Account)
        .then_some(caller.actor.id)
        .flatten();
    if me.is_none() || !kept.iter().any(|a| a.account_id == me) {
        return Err(refused(
            "official",
            "not-present",
            "the official recording the decisions must be listed as present",
            "petugas yang mencatat keputusan harus tercatat hadir",
        ));
    }
    Ok(kept)
}

/// Every agenda item decided once, and nothing decided that is not on the agenda.
pub(super) fn decisions(
    agenda: &[Item],
    sent: &[super::ItemDecision],
) -> Result<Vec<Item>, DeliberationError> {
    for d in sent {
        if !agenda.iter().any(|i| i.kind == d.kind && i.id == d.id) {
            return Err(refused(
                "decisions",
                "not-on-agenda",
                &format!("{} {} is not on the agenda", d.kind, d.id),
                &format!("{} {} tidak ada dalam agenda", d.kind, d.id),
            ));
        }
    }
    let mut items = Vec::new();
    for item in agenda {
        let mut found = sent
            .iter()
            .filter(|d| d.kind == item.kind && d.id == item.id);
        let (Some(d), None) = (found.next(), found.next()) else {
            return Err(refused(
                "decisions",
                "missing-item",
                &format!("decide {} {} once", item.kind, item.id),
                &format!("putuskan {} {} tepat satu kali", item.kind, item.id),
            ));
        };
        let allowed = if item.kind == "proposal" {
            matches!(d.decision.as_str(), "approve" | "return")
        } else {
            d.decision == "noted"
        };
        if !allowed {
            return Err(refused(
                "decisions",
                "choice",
                "a proposal is approved or returned; an objection is noted for the district",
                "usulan disetujui atau dikembalikan; sanggahan dicatat untuk diverifikasi dinas",
            ));
        }
        items.push(Item {
            decision: Some(d.decision.clone()),
            reasoning: Some(d.reasoning.trim().to_owned()),
            ..item.clone()
        });
    }
    Ok(items)
}

/// RT/RW, Babinsa or Bhabinkamtibmas, the village head or operator, and a representative
/// of each proposed family.
pub(super) fn required_roles(
    attendees: &[Attendee],
    items: &[Item],
) -> Result<(), DeliberationError> {
    let has = |roles: &[&str]| attendees.iter().any(|a| roles.contains(&a.role.as_str()));
    let missing = |en: &str, id: &str| refused("attendees", "required-role", en, id);
    if !has(&["rt_rw"]) {
        return Err(missing(
            "an RT or RW head must attend",
            "ketua RT/RW harus hadir",
        ));
    }
    if !has(&["babinsa", "bhabinkamtibmas"]) {
        return Err(missing(
            "Babinsa or Bhabinkamtibmas must attend",
            "Babinsa atau Bhabinkamtibmas harus hadir",
        ));
    }
    if !has(&["village_head", "village_operator"]) {
        return Err(missing(
            "the village head or operator must attend",
            "kepala desa/lurah atau operator harus hadir",
        ));
    }
    for item in items.iter().filter(|i| i.kind == "proposal") {
        let represented = attendees.iter().any(|a| {
            a.role == "family_representative" && a.household_id == Some(item.household_id)
        });
        if !represented {
            return Err(missing(
                &format!(
                    "a representative of the family of proposal {} must attend",
                    item.id
                ),
                &format!(
                    "wakil keluarga yang diusulkan (usulan #{}) harus hadir",
                    item.id
                ),
            ));
        }
    }
    Ok(())
}
