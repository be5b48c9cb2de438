//! The kinds of work whose response times are measured, each as the events that open an
//! item, answer it first, settle it and show it went past its time. Only event names:
//! the figures come from the event trail, which no one can edit.

use crate::web::i18n::Lang;

/// One kind of work.
#[derive(Debug)]
pub struct Kind {
    /// The code in CSV, JSON and the query string.
    pub code: &'static str,
    pub label_id: &'static str,
    pub label_en: &'static str,
    /// The events' `subject_type`s.
    pub subjects: &'static [&'static str],
    /// Events that open an item (the first one counts).
    pub opened: &'static [&'static str],
    /// Events that answer an item (the first one is the first response).
    pub answered: &'static [&'static str],
    /// Events that settle an item (the first one is its resolution). For proposals only
    /// the decision that closes the chain settles it: see [`settles`].
    pub settled: &'static [&'static str],
    /// The event the program writes when an item waits past its time, if it has one.
    pub escalated: Option<&'static str>,
    /// Days after which an item still waiting for, or answered after, its first response
    /// counts as overdue, for kinds the program does not escalate on its own.
    pub days_allowed: i64,
}

/// Every kind, in the order pages show them. Days allowed follow the default rules of
/// each flow: 14 days for a proposal's step (the default of `proposal_step_days`) and for
/// objections (escalated by the program), 14 days for applications and change requests
/// (the monthly cycle of registry updates), 7 days for an approval of money.
pub static KINDS: &[Kind] = &[
    Kind {
        code: "complaint",
        label_id: "Pengaduan",
        label_en: "Complaints",
        subjects: &["complaint"],
        opened: &["complaint.submitted"],
        answered: &["complaint.replied", "complaint.resolved"],
        settled: &["complaint.resolved"],
        escalated: Some("complaint.escalated"),
        days_allowed: 7,
    },
    Kind {
        code: "objection",
        label_id: "Sanggahan",
        label_en: "Objections",
        subjects: &["objection"],
        opened: &["objection.submitted"],
        answered: &["objection.verified"],
        settled: &["objection.verified"],
        escalated: Some("objection.escalated"),
        days_allowed: 14,
    },
    Kind {
        code: "proposal",
        label_id: "Usulan",
        label_en: "Proposals",
        subjects: &["proposal"],
        opened: &["proposal.created"],
        answered: &["proposal.approved", "proposal.returned"],
        settled: &["proposal.approved", "proposal.returned"],
        escalated: None,
        days_allowed: 14,
    },
    Kind {
        code: "application",
        label_id: "Pendaftaran mandiri",
        label_en: "Self-registrations",
        subjects: &["application"],
        opened: &["application.submitted"],
        answered: &[
            "application.verified",
            "application.accepted",
            "application.rejected",
        ],
        settled: &["application.accepted", "application.rejected"],
        escalated: None,
        days_allowed: 14,
    },
    Kind {
        code: "change_request",
        label_id: "Perubahan data",
        label_en: "Data changes",
        subjects: &["change_request"],
        opened: &["change_request.proposed"],
        answered: &["change_request.approved", "change_request.returned"],
        settled: &["change_request.approved", "change_request.returned"],
        escalated: None,
        days_allowed: 14,
    },
    Kind {
        code: "approval",
        label_id: "Persetujuan dana",
        label_en: "Approvals of money",
        subjects: &["payroll", "budget_allocation", "budget_revision"],
        opened: &[
            "payroll.submitted",
            "budget.allocation_submitted",
            "budget.revision_submitted",
        ],
        answered: &[
            "payroll.approved",
            "budget.allocation_approved",
            "budget.allocation_rejected",
            "budget.revision_approved",
            "budget.revision_rejected",
        ],
        settled: &[
            "payroll.approved",
            "budget.allocation_approved",
            "budget.allocation_rejected",
            "budget.revision_approved",
            "budget.revision_rejected",
        ],
        escalated: None,
        days_allowed: 7,
    },
];

impl Kind {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.label_id,
            Lang::En => self.label_en,
        }
    }

    /// Whether an event of this kind, with its stored changes, settles the item. A
    /// proposal's step decision settles it only when it closes the chain (its changes
    /// carry the proposal's new `status`); a decision that passes it on does not.
    pub fn settles(&self, action: &str, changes: &str) -> bool {
        if !self.settled.contains(&action) {
            return false;
        }
        if self.code != "proposal" {
            return true;
        }
        serde_json::from_str::<serde_json::Value>(changes)
            .ok()
            .is_some_and(|v| v.get("status").is_some())
    }
}

/// The kind of an event's subject type.
pub fn of_subject(subject_type: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.subjects.contains(&subject_type))
}

/// The kind with `code`.
pub fn by_code(code: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.code == code)
}

/// Every action any kind reads, for the query.
pub fn all_actions() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for kind in KINDS {
        let lists = [kind.opened, kind.answered, kind.settled];
        for action in lists
            .iter()
            .flat_map(|l| l.iter())
            .copied()
            .chain(kind.escalated)
        {
            if !all.contains(&action) {
                all.push(action);
            }
        }
    }
    all
}

/// Every opening action.
pub fn opening_actions() -> Vec<&'static str> {
    KINDS
        .iter()
        .flat_map(|k| k.opened.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subject_belongs_to_one_kind() {
        let mut seen = Vec::new();
        for kind in KINDS {
            for s in kind.subjects {
                assert!(!seen.contains(s), "{s} in two kinds");
                seen.push(*s);
            }
            for a in kind.settled {
                assert!(kind.answered.contains(a), "{a} settles without answering");
            }
        }
    }

    #[test]
    fn a_proposal_is_settled_only_by_the_closing_decision() {
        let proposal = by_code("proposal").unwrap();
        let passed_on = r#"{"step":{"from":"village","to":"district"}}"#;
        let closed = r#"{"status":{"from":"pending","to":"approved"}}"#;
        assert!(!proposal.settles("proposal.approved", passed_on));
        assert!(proposal.settles("proposal.approved", closed));
        assert!(!proposal.settles("proposal.created", closed));
        let complaint = by_code("complaint").unwrap();
        assert!(complaint.settles("complaint.resolved", "{}"));
        assert!(!complaint.settles("complaint.replied", "{}"));
    }
}
