//! The work waiting for the signed-in official: each queue their role acts on, counted
//! inside their region, with the link that opens it. A queue the role cannot act on is not
//! shown, so the dashboard leads with what this person has to do.

use crate::auth::{Permission, Principal};
use crate::db::scope::count_with_status;
use crate::db::{Db, StoreError};

/// One queue: how many items wait, what they are, where to act on them.
pub struct Waiting {
    pub count: i64,
    /// Text keys of the queue's name and of its one-line explanation.
    pub label: &'static str,
    pub href: &'static str,
    /// Past its deadline: shown as a warning when not zero.
    pub urgent: bool,
}

/// A queue of one feature's table, counted by status inside the viewer's region.
struct Queue {
    permission: Permission,
    table: &'static str,
    region_column: &'static str,
    statuses: &'static [&'static str],
    label: &'static str,
    href: &'static str,
}

/// The queues, in the order a day's work takes them.
const QUEUES: [Queue; 6] = [
    Queue {
        permission: Permission::ReviewApplications,
        table: "applications",
        region_column: "region_code",
        statuses: &["diajukan"],
        label: "waiting.applications_to_verify",
        href: "/pendaftaran?status=diajukan",
    },
    Queue {
        permission: Permission::ReviewApplications,
        table: "applications",
        region_column: "region_code",
        statuses: &["diverifikasi"],
        label: "waiting.applications_to_decide",
        href: "/pendaftaran?status=diverifikasi",
    },
    Queue {
        permission: Permission::DecideChange,
        table: "change_requests",
        region_column: "region_code",
        statuses: &["diajukan"],
        label: "waiting.changes_to_decide",
        href: "/usulan?status=diajukan",
    },
    Queue {
        permission: Permission::ProposeChange,
        table: "change_requests",
        region_column: "region_code",
        statuses: &["dikembalikan"],
        label: "waiting.changes_returned",
        href: "/usulan?status=dikembalikan",
    },
    Queue {
        permission: Permission::ClearReviewFlags,
        table: "review_flags",
        region_column: "region_code",
        statuses: &["open"],
        label: "waiting.flags_to_clear",
        href: "/tinjauan",
    },
    Queue {
        permission: Permission::WriteRegistry,
        table: "import_jobs",
        region_column: "scope",
        statuses: &["queued", "running"],
        label: "waiting.imports_running",
        href: "/keluarga/impor",
    },
];

/// Every queue `me` acts on, with its count (zero included: "nothing waiting" is news).
pub async fn for_principal(db: &Db, me: &Principal) -> Result<Vec<Waiting>, StoreError> {
    let within = me.region.as_ref();
    let mut waiting = Vec::new();
    for queue in &QUEUES {
        if me.allows(queue.permission, false).is_err() {
            continue;
        }
        let count = count_with_status(
            db,
            queue.table,
            queue.region_column,
            "status",
            queue.statuses,
            within,
        )
        .await?;
        waiting.push(Waiting {
            count,
            label: queue.label,
            href: queue.href,
            urgent: false,
        });
    }
    if me.allows(Permission::DecideDuplicates, false).is_ok() {
        let counts = crate::duplicates::store::counts(db, within).await?;
        let open = counts
            .iter()
            .filter(|(status, _)| status == "open")
            .map(|(_, n)| *n)
            .sum();
        waiting.push(Waiting {
            count: open,
            label: "waiting.pairs_to_review",
            href: "/duplikat",
            urgent: false,
        });
    }
    Ok(waiting)
}

/// The aid proposals waiting at the step `me` decides, inside their region, and those of
/// them past the days their programme allows there (highlighted when any).
pub async fn proposals_at_my_step(
    db: &Db,
    me: &Principal,
    now: time::OffsetDateTime,
) -> Result<Vec<Waiting>, StoreError> {
    use crate::proposals::model::Level;
    let level = Level::ALL.into_iter().find(|l| l.role() == me.role);
    let Some(level) = level.filter(|_| me.allows(Permission::DecideProposals, false).is_ok())
    else {
        return Ok(Vec::new());
    };
    let (waiting, overdue) =
        crate::proposals::store::at_step(db, me.region.as_ref(), level.as_str(), now).await?;
    let href = level.queue_href();
    Ok(vec![
        Waiting {
            count: waiting,
            label: "waiting.proposals_at_my_step",
            href,
            urgent: false,
        },
        Waiting {
            count: overdue,
            label: "waiting.proposals_overdue",
            href,
            urgent: overdue > 0,
        },
    ])
}
