//! Texts of the shared page pieces (change tables, choices, confirmation steps, the
//! collapsible menu), kept apart from the features' table in `i18n.rs`.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("change.field", "Data", "Field"),
    ("change.before", "Sebelum", "Before"),
    ("change.after", "Sesudah", "After"),
    ("change.set_to", "Isi", "Value"),
    ("change.proposed_values", "Isi usulan", "Proposed values"),
    (
        "form.date_hint",
        "Tanggal-bulan-tahun, misalnya 21-05-1987",
        "Day-month-year, for example 21-05-1987",
    ),
    ("form.choose", "— Pilih —", "— Choose —"),
    ("events.log_entry", "entri", "entry"),
    ("events.system", "Sistem", "System"),
    ("confirm.title", "Konfirmasi", "Confirm"),
    ("confirm.cancel", "Batal", "Cancel"),
    (
        "confirm.revoke_token",
        "Cabut token ini? Aplikasi yang memakainya tidak dapat lagi mengakses API. Tindakan ini tidak dapat dibatalkan.",
        "Revoke this token? Applications using it can no longer reach the API. This cannot be undone.",
    ),
    (
        "confirm.revoke_yes",
        "Ya, cabut token",
        "Yes, revoke the token",
    ),
    (
        "confirm.disable_account",
        "Nonaktifkan akun ini? Pemiliknya tidak dapat masuk dan tokennya berhenti bekerja sampai akun diaktifkan lagi.",
        "Disable this account? Its owner cannot log in and its tokens stop working until it is enabled again.",
    ),
    ("confirm.disable_yes", "Ya, nonaktifkan", "Yes, disable"),
    ("nav.open_menu", "Menu", "Menu"),
];
