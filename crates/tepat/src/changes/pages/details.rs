//! A proposal's fields as before/after rows, for the page that shows a request: "before"
//! is the household or member as the registry holds it now (while the request is still
//! open), "after" what the proposal would make it; members are named, codes labelled.

use serde_json::Value;

use super::super::model::Proposal;
use crate::registry::rules::PersonInput;
use crate::registry::service::HouseholdDetail;
use crate::registry::store::PersonId;
use crate::registry::store::read::Person;
use crate::web::changes::{ChangeRow, Shown};
use crate::web::labels;

/// The current record the proposal changes, if it is still open and readable.
pub struct Current<'a>(pub Option<&'a HouseholdDetail>);

impl Current<'_> {
    fn member(&self, id: PersonId) -> Option<&Person> {
        self.0?.members.iter().find(|m| m.id == id.0)
    }

    fn name(&self, id: PersonId, shown: Shown) -> String {
        self.member(id).map_or_else(
            || format!("{} {}", labels::subject("person", shown.lang), id.0),
            |m| m.full_name.clone(),
        )
    }
}

fn row(shown: Shown, field: &str, before: Option<&str>, after: &str) -> ChangeRow {
    let value = |text: &str| shown.value(field, &Value::String(readable_date(field, text)));
    ChangeRow {
        label: labels::field(field, shown.lang),
        before: before.map(value).unwrap_or_default(),
        after: value(after),
    }
}

/// Dates typed in a form (`21-05-1987`) in the stored form, so they read as dates.
fn readable_date(field: &str, text: &str) -> String {
    if field.ends_with("date")
        && let Ok(date) = crate::registry::dates::parse(text)
    {
        return crate::registry::dates::iso(date);
    }
    text.to_owned()
}

fn person_rows(shown: Shown, input: &PersonInput, now: Option<&Person>) -> Vec<ChangeRow> {
    let before = |f: fn(&Person) -> Option<&str>| now.and_then(f);
    vec![
        row(shown, "nik", before(|p| Some(&p.nik)), &input.nik),
        row(shown, "name", before(|p| Some(&p.full_name)), &input.name),
        row(
            shown,
            "birth_place",
            before(|p| Some(&p.birth_place)),
            &input.birth_place,
        ),
        row(
            shown,
            "birth_date",
            before(|p| Some(&p.birth_date)),
            &input.birth_date,
        ),
        row(shown, "sex", before(|p| Some(&p.sex)), &input.sex),
        row(
            shown,
            "relationship",
            before(|p| Some(&p.relationship)),
            &input.relationship,
        ),
        row(
            shown,
            "marital_status",
            before(|p| p.marital_status.as_deref()),
            &input.marital_status,
        ),
        row(
            shown,
            "occupation",
            before(|p| p.occupation.as_deref()),
            &input.occupation,
        ),
        row(
            shown,
            "education",
            before(|p| p.education.as_deref()),
            &input.education,
        ),
        row(
            shown,
            "disability",
            before(|p| p.disability.as_deref()),
            &input.disability,
        ),
    ]
}

fn names(current: &Current, persons: &[PersonId], shown: Shown) -> String {
    persons
        .iter()
        .map(|p| current.name(*p, shown))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The proposal's fields as before/after rows.
pub fn rows(proposal: &Proposal, current: &Current, shown: Shown) -> Vec<ChangeRow> {
    let household = current.0.map(|d| &d.household);
    let plain = |field: &str, after: &str| row(shown, field, None, after);
    match proposal {
        Proposal::KoreksiKeluarga {
            address,
            rt,
            rw,
            phone,
        } => vec![
            row(
                shown,
                "address",
                household.map(|h| h.address.as_str()),
                address,
            ),
            row(shown, "rt", household.map(|h| h.rt.as_str()), rt),
            row(shown, "rw", household.map(|h| h.rw.as_str()), rw),
            row(
                shown,
                "phone",
                household.map(|h| h.phone.as_deref().unwrap_or_default()),
                phone,
            ),
        ],
        Proposal::KoreksiAnggota {
            person_id,
            person: p,
        } => {
            let mut rows = vec![plain("person_id", &current.name(*person_id, shown))];
            rows.extend(person_rows(shown, p, current.member(*person_id)));
            rows
        }
        Proposal::TambahAnggota { person: p } => person_rows(shown, p, None),
        Proposal::Kematian { person_id, date } | Proposal::Pindah { person_id, date } => vec![
            plain("person_id", &current.name(*person_id, shown)),
            plain("date", date),
        ],
        Proposal::PecahKk {
            new_kk,
            members,
            head,
        } => vec![
            plain("new_kk", new_kk),
            plain("members", &names(current, members, shown)),
            plain("head", &current.name(*head, shown)),
        ],
        Proposal::GabungKk { other_kk } => vec![plain("other_kk", other_kk)],
        Proposal::GantiKk { new_kk } => vec![row(
            shown,
            "kk",
            household.map(|h| h.kk_number.as_str()),
            new_kk,
        )],
        Proposal::TutupKk => Vec::new(),
    }
}
