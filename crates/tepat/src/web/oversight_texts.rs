//! Texts of the pages that oversee the verification chain: deciding many proposals at
//! once, the days allowed at each step, the overdue counts per official and the monthly
//! monitoring of decisions.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("bulk.title", "Keputusan sekaligus", "Decisions at once"),
    (
        "bulk.approved_title",
        "Hasil persetujuan sekaligus",
        "Approvals at once",
    ),
    (
        "bulk.returned_title",
        "Hasil pengembalian sekaligus",
        "Returns at once",
    ),
    ("bulk.decided", "Diputuskan", "Decided"),
    ("bulk.refused", "Tidak dapat diputuskan", "Not decided"),
    ("bulk.not_decided", "Tidak diputuskan", "Not decided"),
    ("bulk.outcome", "Hasil", "Outcome"),
    ("bulk.detail", "Keterangan", "Detail"),
    (
        "bulk.nothing_decided",
        "Tidak ada usulan yang diputuskan.",
        "No proposal was decided.",
    ),
    (
        "bulk.back",
        "Kembali ke daftar usulan",
        "Back to the proposals",
    ),
    ("bulk.choose", "Pilih", "Choose"),
    (
        "bulk.choose_row",
        "Pilih usulan ini",
        "Choose this proposal",
    ),
    (
        "bulk.hint",
        "Centang usulan yang menunggu di tahap Anda, lalu setujui atau kembalikan sekaligus. Setiap usulan diputuskan sendiri-sendiri atas nama Anda; yang tidak boleh Anda putuskan dilewati dengan alasannya.",
        "Tick the proposals waiting at your step, then approve or return them at once. Each is decided on its own in your name; those you may not decide are skipped with the reason.",
    ),
    ("bulk.approve", "Setujui yang dipilih", "Approve the chosen"),
    (
        "bulk.return",
        "Kembalikan yang dipilih",
        "Return the chosen",
    ),
    (
        "waiting.proposals_at_my_step",
        "usulan menunggu di tahap Anda",
        "aid proposals waiting at your step",
    ),
    (
        "waiting.proposals_overdue",
        "usulan lewat tenggat di tahap Anda",
        "aid proposals past their deadline at your step",
    ),
    (
        "decisions.title",
        "Pemantauan keputusan bulanan",
        "Monthly monitoring of decisions",
    ),
    (
        "decisions.intro",
        "Usulan, sanggahan dan alur verifikasi dalam satu bulan (WIB) untuk wilayah yang dipilih.",
        "Proposals, objections and the verification chain in one month (WIB) for the chosen region.",
    ),
    ("decisions.month", "Bulan", "Month"),
    ("decisions.region", "Wilayah", "Region"),
    ("decisions.show", "Tampilkan", "Show"),
    ("decisions.nation", "Seluruh Indonesia", "All of Indonesia"),
    (
        "decisions.none",
        "Tidak ada data bulan ini.",
        "Nothing this month.",
    ),
    (
        "decisions.csv",
        "Unduh tabel ini (CSV)",
        "Download this table (CSV)",
    ),
    (
        "decisions.xlsx",
        "Unduh semua tabel (XLSX)",
        "Download every table (XLSX)",
    ),
    (
        "decisions.back",
        "Pemantauan desil dan program",
        "Desil and programme monitoring",
    ),
    (
        "decisions.link",
        "Pemantauan keputusan bulanan",
        "Monthly monitoring of decisions",
    ),
    (
        "decisions.proposals",
        "Usulan menurut jenis dan hasil",
        "Proposals by kind and outcome",
    ),
    (
        "decisions.objections",
        "Sanggahan menurut alasan dan hasil",
        "Objections by reason and outcome",
    ),
    (
        "decisions.step_times",
        "Lama di setiap tahap (hari)",
        "Days spent at each step",
    ),
    (
        "decisions.overdue",
        "Usulan lewat tenggat",
        "Overdue proposals",
    ),
    (
        "decisions.flagged",
        "Usulan bertanda konflik kepentingan",
        "Proposals flagged for a conflict of interest",
    ),
    (
        "decisions.linked",
        "Pejabat yang terkait dengan keluarga yang diusulkan",
        "Officials linked to proposed households",
    ),
    (
        "decisions.officials",
        "Tenggat per petugas",
        "Deadlines per official",
    ),
    ("decisions.col.jenis", "Jenis", "Kind"),
    ("decisions.col.status", "Hasil", "Outcome"),
    ("decisions.col.jumlah", "Jumlah", "Count"),
    ("decisions.col.alasan", "Alasan", "Reason"),
    ("decisions.col.tahap", "Tahap", "Step"),
    ("decisions.col.diputuskan", "Diputuskan", "Decided"),
    (
        "decisions.col.median_hari",
        "Median (hari)",
        "Median (days)",
    ),
    (
        "decisions.col.p90_hari",
        "Persentil ke-90 (hari)",
        "90th percentile (days)",
    ),
    (
        "decisions.col.menunggu_lewat_tenggat",
        "Menunggu lewat tenggat",
        "Waiting past the deadline",
    ),
    (
        "decisions.col.diputuskan_terlambat",
        "Diputuskan terlambat",
        "Decided late",
    ),
    ("decisions.col.dasar", "Dasar", "Basis"),
    ("decisions.col.usulan", "Usulan", "Proposals"),
    ("decisions.col.akun", "Akun", "Account"),
    ("decisions.col.nama", "Nama", "Name"),
    ("decisions.col.peran", "Peran", "Role"),
    ("decisions.col.wilayah", "Wilayah", "Region"),
];
