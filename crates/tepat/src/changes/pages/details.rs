//! A proposal's fields as (label, value) lines, for the page that shows a request.

use super::super::model::Proposal;
use crate::registry::rules::PersonInput;
use crate::registry::store::PersonId;

fn person(p: &PersonInput) -> Vec<(String, String)> {
    [
        ("NIK", &p.nik),
        ("name", &p.name),
        ("birth_place", &p.birth_place),
        ("birth_date", &p.birth_date),
        ("sex", &p.sex),
        ("relationship", &p.relationship),
        ("marital_status", &p.marital_status),
        ("occupation", &p.occupation),
        ("education", &p.education),
        ("disability", &p.disability),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_owned(), value.clone()))
    .collect()
}

fn line(label: &str, value: impl ToString) -> (String, String) {
    (label.to_owned(), value.to_string())
}

fn ids(persons: &[PersonId]) -> String {
    persons
        .iter()
        .map(|p| p.0.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The proposal's fields for people to read.
pub fn lines(proposal: &Proposal) -> Vec<(String, String)> {
    match proposal {
        Proposal::KoreksiKeluarga {
            address,
            rt,
            rw,
            phone,
        } => vec![
            line("address", address),
            line("rt", rt),
            line("rw", rw),
            line("phone", phone),
        ],
        Proposal::KoreksiAnggota {
            person_id,
            person: p,
        } => {
            let mut lines = vec![line("person_id", person_id.0)];
            lines.extend(person(p));
            lines
        }
        Proposal::TambahAnggota { person: p } => person(p),
        Proposal::Kematian { person_id, date } | Proposal::Pindah { person_id, date } => {
            vec![line("person_id", person_id.0), line("date", date)]
        }
        Proposal::PecahKk {
            new_kk,
            members,
            head,
        } => vec![
            line("new_kk", new_kk),
            line("members", ids(members)),
            line("head", head.0),
        ],
        Proposal::GabungKk { other_kk } => vec![line("other_kk", other_kk)],
        Proposal::GantiKk { new_kk } => vec![line("new_kk", new_kk)],
        Proposal::TutupKk => Vec::new(),
    }
}
