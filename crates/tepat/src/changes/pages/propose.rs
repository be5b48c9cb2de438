//! Proposing a change from a household's page: one short form per kind, no JavaScript,
//! evidence uploaded with it, mistakes shown beside their fields. Correcting a returned
//! request (`resend`) shows the same form.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::error::ChangeError;
use super::super::evidence::{
    EVIDENCE_BYTES_MAX, EVIDENCE_FILES_MAX, EVIDENCE_LIMIT_TEXT, Evidence,
};
use super::super::model::{ChangeKind, ChangeRequest, Proposal};
use super::super::plan::person_input;
use super::super::service::{self, NewProposal};
use crate::auth::SignedIn;
use crate::http::{AppError, AppState, RequestId, upload};
use crate::registry::rules::PersonInput;
use crate::registry::store::read::{Household, Person};
use crate::registry::store::{HouseholdId, PersonId};
use crate::web::layout::PageCtx;

#[derive(serde::Deserialize, Default)]
pub(super) struct ProposeQuery {
    jenis: Option<String>,
    anggota: Option<i64>,
}

#[derive(Template)]
#[template(path = "changes_propose.html")]
pub(super) struct ProposePage {
    ctx: PageCtx,
    /// Where the form is sent: the household's proposals, or the returned request.
    action: String,
    /// The returned request being corrected, with the district's note.
    returned: Option<ChangeRequest>,
    household: Household,
    members: Vec<Person>,
    kind: Option<ChangeKind>,
    kinds: Vec<(&'static str, &'static str)>,
    values: HashMap<String, String>,
    chosen: Vec<PersonId>,
    errors: Vec<(String, String)>,
    limit: &'static str,
    files: usize,
}

impl ProposePage {
    pub(super) fn new(
        ctx: PageCtx,
        household: Household,
        members: Vec<Person>,
        form: FormState,
    ) -> Self {
        Self {
            ctx,
            action: format!("/keluarga/{}/usulan", household.id),
            returned: None,
            household,
            members,
            kind: form.kind,
            kinds: ChangeKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.text_key()))
                .collect(),
            values: form.values,
            chosen: form.chosen,
            errors: form.errors,
            limit: EVIDENCE_LIMIT_TEXT,
            files: EVIDENCE_FILES_MAX,
        }
    }

    fn code(&self) -> &'static str {
        self.kind.map_or("", ChangeKind::as_str)
    }

    fn value(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The id of the field's error message, when it has one (for `aria-describedby`).
    fn error_id(&self, name: &str) -> String {
        self.error(name)
            .map(|_| format!("{name}-error"))
            .unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, m)| m.as_str())
    }

    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen.contains(&PersonId(*id))
    }

    fn kind_key(&self) -> &'static str {
        self.kind.map_or("", ChangeKind::text_key)
    }

    fn household_fields(&self) -> [(&'static str, &'static str); 4] {
        [
            ("address", "registry.address"),
            ("rt", "change.rt"),
            ("rw", "change.rw"),
            ("phone", "change.phone"),
        ]
    }

    /// (field, text key, hint) of the member form.
    fn person_fields(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut fields = Vec::new();
        if self.kind == Some(ChangeKind::TambahAnggota) {
            fields.push(("nik", "change.nik", ""));
        }
        fields.extend([
            ("name", "registry.name", ""),
            ("birth_place", "change.birth_place", ""),
            ("birth_date", "registry.birth_date", "form.date_hint"),
            ("sex", "change.sex", ""),
            ("relationship", "change.relationship", ""),
            ("marital_status", "change.marital_status", ""),
            ("occupation", "change.occupation", ""),
            ("education", "change.education", ""),
            ("disability", "change.disability", ""),
        ]);
        fields
    }

    /// The same form, for correcting a returned request and sending it again.
    pub(super) fn correcting(mut self, request: ChangeRequest) -> Self {
        self.action = format!("/usulan/{}/perbaiki", request.id);
        self.returned = Some(request);
        self
    }

    pub(super) fn render_html(&self) -> Result<Html<String>, AppError> {
        Ok(Html(self.render().map_err(anyhow::Error::from)?))
    }
}

/// What the form holds: its kind, its values, the members ticked, and the refusals.
#[derive(Default)]
pub(super) struct FormState {
    pub(super) kind: Option<ChangeKind>,
    pub(super) values: HashMap<String, String>,
    pub(super) chosen: Vec<PersonId>,
    pub(super) errors: Vec<(String, String)>,
}

impl FormState {
    /// The refusal's findings beside the fields they name.
    pub(super) fn refused(&mut self, err: &ChangeError, lang: crate::web::i18n::Lang) {
        self.errors = (err.findings().iter())
            .map(|f| (form_field(&f.field), f.message_in(lang).to_owned()))
            .collect();
    }
}

/// The form's starting values: the member's or household's data as stored, so a correction
/// only changes what is wrong.
fn prefill(
    household: &Household,
    members: &[Person],
    query: &ProposeQuery,
) -> HashMap<String, String> {
    let mut values = HashMap::new();
    values.insert("address".into(), household.address.clone());
    values.insert("rt".into(), household.rt.clone());
    values.insert("rw".into(), household.rw.clone());
    values.insert("phone".into(), household.phone.clone().unwrap_or_default());
    if let Some(member) = query
        .anggota
        .and_then(|id| members.iter().find(|m| m.id == id))
    {
        let input = person_input(member);
        values.insert("person_id".into(), member.id.to_string());
        for (key, value) in person_fields(&input) {
            values.insert(key.into(), value);
        }
    }
    values
}

pub(super) fn person_fields(p: &PersonInput) -> [(&'static str, String); 10] {
    [
        ("nik", p.nik.clone()),
        ("name", p.name.clone()),
        ("birth_place", p.birth_place.clone()),
        ("birth_date", p.birth_date.clone()),
        ("sex", p.sex.clone()),
        ("relationship", p.relationship.clone()),
        ("marital_status", p.marital_status.clone()),
        ("occupation", p.occupation.clone()),
        ("education", p.education.clone()),
        ("disability", p.disability.clone()),
    ]
}

pub(super) async fn propose_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<ProposeQuery>,
) -> Result<Html<String>, AppError> {
    let (household, members) = service::proposal_form(&state.db, &me, HouseholdId(id)).await?;
    let form = FormState {
        kind: query.jenis.as_deref().and_then(ChangeKind::parse),
        values: prefill(&household, &members, &query),
        ..FormState::default()
    };
    ProposePage::new(ctx, household, members, form).render_html()
}

/// Reads the proposal a form describes; missing numbers are named like other field errors.
pub(super) fn proposal_from(
    kind: Option<ChangeKind>,
    values: &HashMap<String, String>,
    chosen: &[PersonId],
) -> Result<Proposal, ChangeError> {
    let get = |name: &str| values.get(name).cloned().unwrap_or_default();
    let member = |name: &str| {
        get(name).trim().parse::<i64>().map(PersonId).map_err(|_| {
            ChangeError::invalid(
                name,
                "required",
                "choose a member",
                "pilih anggota keluarga",
            )
        })
    };
    let person = || PersonInput {
        nik: get("nik"),
        name: get("name"),
        birth_place: get("birth_place"),
        birth_date: get("birth_date"),
        sex: get("sex"),
        relationship: get("relationship"),
        marital_status: get("marital_status"),
        occupation: get("occupation"),
        education: get("education"),
        disability: get("disability"),
        life_status: String::new(),
        status_date: String::new(),
    };
    let Some(kind) = kind else {
        return Err(ChangeError::invalid(
            "jenis",
            "one-of",
            "choose what should change",
            "pilih jenis perubahan",
        ));
    };
    Ok(match kind {
        ChangeKind::KoreksiKeluarga => Proposal::KoreksiKeluarga {
            address: get("address"),
            rt: get("rt"),
            rw: get("rw"),
            phone: get("phone"),
        },
        ChangeKind::KoreksiAnggota => Proposal::KoreksiAnggota {
            person_id: member("person_id")?,
            person: person(),
        },
        ChangeKind::TambahAnggota => Proposal::TambahAnggota { person: person() },
        ChangeKind::Kematian => Proposal::Kematian {
            person_id: member("person_id")?,
            date: get("date"),
        },
        ChangeKind::Pindah => Proposal::Pindah {
            person_id: member("person_id")?,
            date: get("date"),
        },
        ChangeKind::PecahKk => Proposal::PecahKk {
            new_kk: get("new_kk"),
            members: chosen.to_vec(),
            head: member("head")?,
        },
        ChangeKind::GabungKk => Proposal::GabungKk {
            other_kk: get("other_kk"),
        },
        ChangeKind::GantiKk => Proposal::GantiKk {
            new_kk: get("new_kk"),
        },
        ChangeKind::TutupKk => Proposal::TutupKk,
    })
}

/// Field names as the form uses them: `members[2].birth_date` and `person.name` become
/// `birth_date` and `name`.
fn form_field(field: &str) -> String {
    let field = field.strip_prefix("person.").unwrap_or(field);
    match field.split_once("].") {
        Some((_, rest)) if field.starts_with("members[") => rest.to_owned(),
        _ => field.to_owned(),
    }
}

/// Splits a received form into its state and its evidence files.
pub(super) fn read_form(form: upload::SmallForm) -> (FormState, Vec<Evidence>) {
    let mut state = FormState::default();
    for (name, value) in form.fields {
        if name == "members" {
            state
                .chosen
                .extend(value.trim().parse::<i64>().ok().map(PersonId));
        } else {
            state.values.insert(name, value);
        }
    }
    state.kind = state.values.get("jenis").and_then(|k| ChangeKind::parse(k));
    let evidence = form
        .files
        .into_iter()
        .map(|(file_name, content)| Evidence { file_name, content })
        .collect();
    (state, evidence)
}

pub(super) async fn propose_form(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    sender: upload::FormSender,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (files_max, bytes_max) = (EVIDENCE_FILES_MAX, EVIDENCE_BYTES_MAX);
    let received =
        upload::receive_small_form(&sender, multipart, "bukti", bytes_max, files_max).await?;
    let (mut form, evidence) = read_form(received);
    let household_id = HouseholdId(id);
    let proposed = match proposal_from(form.kind, &form.values, &form.chosen) {
        Ok(proposal) => {
            let reason = form.values.get("alasan").map(String::as_str);
            let new = NewProposal {
                household_id,
                proposal: &proposal,
                reason: reason.unwrap_or_default(),
                evidence: &evidence,
            };
            let now = state.clock.now();
            service::propose(&state.db, &me, new, request_id.0, now).await
        }
        Err(err) => Err(err),
    };
    match proposed {
        Ok(created) => Ok(Redirect::to(&format!("/usulan/{}", created.id)).into_response()),
        Err(err @ (ChangeError::Invalid(_) | ChangeError::Conflict(_))) => {
            let (household, members) = service::proposal_form(&state.db, &me, household_id).await?;
            form.refused(&err, ctx.lang);
            let page = ProposePage::new(ctx, household, members, form).render_html()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_the_form() {
        assert_eq!(form_field("members[3].birth_date"), "birth_date");
        assert_eq!(form_field("person.name"), "name");
        assert_eq!(form_field("address"), "address");
    }

    #[test]
    fn a_form_reads_as_its_proposal() {
        let mut values = HashMap::new();
        values.insert("person_id".to_owned(), "7".to_owned());
        values.insert("date".to_owned(), "2026-11-01".to_owned());
        let death = Some(ChangeKind::Kematian);
        let proposal = proposal_from(death, &values, &[]).expect("reads");
        assert_eq!(proposal.kind(), ChangeKind::Kematian);
        assert_eq!(proposal.person_id(), Some(PersonId(7)));
        assert!(proposal_from(death, &HashMap::new(), &[]).is_err());
        assert!(proposal_from(ChangeKind::parse("hapus_semua"), &values, &[]).is_err());
    }
}
