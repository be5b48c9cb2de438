//! Texts of the response-time pages (`/kinerja`, `/pemantauan/kinerja`) and of what the
//! community reports (`/pengaduan/tren`).

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    (
        "kpi.title",
        "Kecepatan layanan petugas",
        "Officials' response times",
    ),
    (
        "kpi.intro",
        "Berapa lama kantor menanggapi dan menyelesaikan pengaduan, sanggahan, usulan, pendaftaran mandiri, perubahan data dan persetujuan dana yang masuk pada bulan terpilih. Angka dihitung dari jejak kejadian, sehingga tidak dapat diubah dengan tangan.",
        "How long offices took to answer and settle the complaints, objections, proposals, self-registrations, data changes and approvals of money received in the chosen month. The figures are computed from the event trail, so no one can change them by hand.",
    ),
    (
        "kpi.public_intro",
        "Halaman umum: per kantor, tanpa nama petugas.",
        "Public page: per office, without officials' names.",
    ),
    (
        "kpi.full_intro",
        "Untuk pengawas: per kantor dan per petugas di wilayah Anda.",
        "For supervisors: per office and per official in your region.",
    ),
    (
        "kpi.public_link",
        "Lihat halaman umum",
        "See the public page",
    ),
    ("kpi.how", "Cara menghitung", "How it is computed"),
    (
        "kpi.how_text",
        "Setiap perkara dihitung sejak kejadian pertama yang membukanya. Tanggapan pertama adalah kejadian pertama yang menjawabnya; selesai adalah keputusan akhirnya. Kantor adalah peran dan wilayah petugas yang menanggapi pertama. Lewat tenggat: pengaduan dan sanggahan yang dinaikkan ke atasan oleh sistem; perkara lain yang ditanggapi (atau masih menunggu) lebih dari 14 hari, atau 7 hari untuk persetujuan dana. Median dan persentil ke-90 dalam hari.",
        "Each item counts from the first event that opened it. The first response is the first event that answered it; settled is its final decision. An office is the role and region of whoever answered first. Overdue: complaints and objections the system escalated; other items answered (or still waiting) after more than 14 days, or 7 days for approvals of money. Median and 90th percentile in days.",
    ),
    ("kpi.system", "Sistem (otomatis)", "The system (automatic)"),
    ("kpi.by_kind", "Per jenis perkara", "Per kind of item"),
    ("kpi.by_office", "Per kantor", "Per office"),
    ("kpi.by_official", "Per petugas", "Per official"),
    ("kpi.col.jenis", "Jenis", "Kind"),
    ("kpi.col.jumlah", "Masuk", "Received"),
    ("kpi.col.peran", "Kantor", "Office"),
    ("kpi.col.wilayah", "Wilayah", "Region"),
    ("kpi.col.nama", "Petugas", "Official"),
    ("kpi.col.ditanggapi", "Ditanggapi", "Answered"),
    ("kpi.col.selesai", "Selesai", "Settled"),
    ("kpi.col.menunggu", "Menunggu tanggapan", "Waiting"),
    ("kpi.col.lewat_tenggat", "Lewat tenggat", "Overdue"),
    (
        "kpi.col.median_tanggap_hari",
        "Median tanggapan (hari)",
        "Median to answer (days)",
    ),
    (
        "kpi.col.p90_tanggap_hari",
        "Persentil 90 tanggapan (hari)",
        "90th percentile to answer (days)",
    ),
    (
        "kpi.col.median_selesai_hari",
        "Median selesai (hari)",
        "Median to settle (days)",
    ),
    (
        "kpi.col.p90_selesai_hari",
        "Persentil 90 selesai (hari)",
        "90th percentile to settle (days)",
    ),
    (
        "trend.title",
        "Apa yang dilaporkan warga",
        "What the community reports",
    ),
    (
        "trend.intro",
        "Pengaduan per kategori, wilayah dan minggu (tujuh hari berturut-turut sampai sekarang). Kategori yang naik tajam minggu ini ditandai; setiap baris menuju pengaduannya.",
        "Complaints per category, region and week (seven days in a row up to now). Categories rising sharply this week are marked; each row leads to its complaints.",
    ),
    ("trend.weeks", "Jumlah minggu", "Weeks"),
    ("trend.weeks_unit", "minggu", "weeks"),
    ("trend.rising", "Naik minggu ini", "Rising this week"),
    (
        "trend.none_rising",
        "Tidak ada kategori yang naik tajam minggu ini.",
        "No category rose sharply this week.",
    ),
    (
        "trend.rising_rule",
        "Naik: minggu ini paling sedikit 3 pengaduan dan paling sedikit dua kali rata-rata empat minggu sebelumnya.",
        "Rising: at least 3 complaints this week and at least twice the average of the four weeks before.",
    ),
    (
        "trend.per_week",
        "Pengaduan per minggu",
        "Complaints per week",
    ),
    (
        "trend.table",
        "Per kategori dan wilayah",
        "Per category and region",
    ),
    ("trend.since", "Sejak", "From"),
    ("trend.total", "Jumlah", "Total"),
    ("trend.reports", "Pengaduan", "Complaints"),
    ("trend.see", "Lihat pengaduan", "See the complaints"),
    ("trend.places", "Lokasi yang dilaporkan", "Places reported"),
    (
        "trend.no_places",
        "Belum ada pengaduan dengan lokasi.",
        "No complaint with a place yet.",
    ),
    (
        "trend.places_hint",
        "Titik dari koordinat yang dikirim pelapor (utara di atas); nama desa di tengah titik-titiknya.",
        "Dots from the coordinates reporters sent (north up); each village's name at the middle of its dots.",
    ),
    ("trend.clear", "Tampilkan semua", "Show all"),
];
