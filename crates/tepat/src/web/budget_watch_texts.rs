//! Texts of budget revisions on a line's page and of the public budget watch
//! (`/anggaran-publik`): plan against realisation, revisions, unit costs and comments.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("budget.revisions", "Revisi pagu", "Revisions"),
    ("budget.version", "Versi", "Version"),
    (
        "budget.committed",
        "Sudah terpakai (dialokasikan)",
        "Committed (allocated)",
    ),
    (
        "budget.no_revisions",
        "Belum ada revisi; pagu masih seperti direncanakan.",
        "No revisions yet; the line is as planned.",
    ),
    ("budget.reason", "Alasan", "Reason"),
    ("budget.revise", "Usulkan revisi", "Propose a revision"),
    (
        "budget.revise_hint",
        "Revisi membuat versi baru; petugas lain yang menyetujui. Pagu tidak boleh kurang dari yang sudah terpakai.",
        "A revision makes a new version; another official approves it. A line cannot go below what it has committed.",
    ),
    ("budget.new_amount", "Pagu baru", "New amount"),
    (
        "budget.own_revision",
        "Usulan Anda; menunggu petugas lain.",
        "Your proposal; waiting for another official.",
    ),
    (
        "watch.public_link",
        "Lihat di pantauan anggaran publik",
        "See it on the public budget watch",
    ),
];
