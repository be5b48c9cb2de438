//! Texts of citizen proposals (*usul*) from the public site and of the evidence files on a
//! proposal, kept apart from the features' table in `i18n.rs`.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    (
        "usul.form_title",
        "Usulkan keluarga penerima bansos",
        "Propose a household for aid",
    ),
    (
        "usul.form_intro",
        "Anda tahu tetangga yang layak dibantu tetapi belum menerima, atau penerima yang tidak layak lagi? Usulkan di sini. Usul Anda dibahas di musyawarah desa/kelurahan dan nama Anda tercatat sebagai pengusul.",
        "Know a neighbour who deserves aid but gets none, or a recipient who no longer should? Propose it here. Your proposal goes to the village deliberation and your name is recorded as its proposer.",
    ),
    (
        "usul.household",
        "Nomor KK keluarga yang diusulkan, atau NIK salah satu anggotanya",
        "KK number of the proposed household, or a member's NIK",
    ),
    (
        "usul.household_hint",
        "16 angka. Keluarga itu harus tinggal di desa/kelurahan yang sama dengan Anda.",
        "16 digits. The household must live in your village.",
    ),
    ("usul.note", "Alasan usul", "Why"),
    (
        "usul.evidence",
        "Bukti (boleh kosong)",
        "Evidence (optional)",
    ),
    (
        "usul.evidence_hint",
        "Paling banyak 3 berkas JPEG, PNG atau PDF, masing-masing paling besar 5 MB.",
        "At most 3 JPEG, PNG or PDF files of 5 MB each.",
    ),
    (
        "usul.you_hint",
        "Untuk memastikan Anda warga desa/kelurahan yang sama. Nama Anda terlihat oleh petugas yang memutuskan usul; di halaman publik nama disamarkan.",
        "To check that you live in the same village. Officials who decide see your name; public pages mask it.",
    ),
    ("usul.submit", "Kirim usul", "Send the proposal"),
    ("usul.sent", "Usul terkirim", "Proposal sent"),
    (
        "usul.code_hint",
        "Simpan kode lacak ini untuk memantau usul Anda. Usul dibahas pada musyawarah desa/kelurahan berikutnya.",
        "Keep this tracking code to follow your proposal. It goes to the next village deliberation.",
    ),
    ("usul.track", "Pantau usul", "Follow a proposal"),
    (
        "usul.not_found",
        "Kode lacak tidak ditemukan.",
        "No proposal has this code.",
    ),
    ("usul.closed_at", "Selesai", "Closed"),
    (
        "usul.returned_reason",
        "Alasan dikembalikan",
        "Why it was returned",
    ),
    ("usul.evidence_files", "Berkas bukti", "Evidence files"),
    (
        "usul.citizen",
        "Warga (usul dari situs publik)",
        "Resident (public site)",
    ),
    ("usul.link", "Usulkan tetangga", "Propose a neighbour"),
    ("evidence.title", "Bukti", "Evidence"),
    (
        "evidence.none",
        "Tidak ada berkas bukti.",
        "No evidence files.",
    ),
    ("evidence.open", "Buka", "Open"),
];
