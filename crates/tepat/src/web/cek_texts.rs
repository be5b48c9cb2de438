//! Texts of Cek Bansos, the public recipient lookup.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("cek.title", "Cek Bansos", "Check aid recipients"),
    (
        "cek.intro",
        "Periksa apakah seseorang menerima bantuan sosial: pilih desa/kelurahan lalu ketik namanya, atau masukkan NIK dan tanggal lahir. Nama ditampilkan tersamar; NIK dan nomor KK tidak pernah ditampilkan.",
        "Check whether someone receives social assistance: choose the village and type the name, or enter a NIK and birth date. Names are masked; NIK and KK numbers are never shown.",
    ),
    (
        "cek.by_region",
        "Cari menurut wilayah dan nama",
        "Search by region and name",
    ),
    ("cek.by_nik", "Cari menurut NIK", "Search by NIK"),
    ("cek.village", "Desa/kelurahan", "Village"),
    (
        "cek.change_village",
        "Ganti desa/kelurahan",
        "Change village",
    ),
    (
        "cek.name",
        "Nama (sedikitnya 3 huruf)",
        "Name (at least 3 letters)",
    ),
    (
        "cek.name_hint",
        "Ketik awal kata-kata nama sesuai urutannya, misalnya \"siti ami\".",
        "Type the beginnings of the name's words in order, e.g. \"siti ami\".",
    ),
    ("cek.nik", "NIK (16 angka)", "NIK (16 digits)"),
    ("cek.birth_date", "Tanggal lahir", "Birth date"),
    ("cek.search", "Cari", "Search"),
    ("cek.results", "Hasil pencarian", "Results"),
    (
        "cek.none",
        "Tidak ada data yang cocok. Periksa ejaan nama atau desa/kelurahan, atau NIK dan tanggal lahir.",
        "Nothing matches. Check the spelling of the name or the village, or the NIK and birth date.",
    ),
    (
        "cek.more",
        "Hanya 20 hasil pertama yang ditampilkan. Ketik nama lebih lengkap.",
        "Only the first 20 results are shown. Type more of the name.",
    ),
    ("cek.programmes", "Program", "Programmes"),
    ("cek.no_programme", "Belum menerima bantuan", "No aid yet"),
    ("cek.active", "Aktif", "Active"),
    ("cek.ended", "Berakhir", "Ended"),
    ("cek.since", "sejak", "since"),
    ("cek.desil", "Desil", "Decile"),
    ("cek.no_desil", "Belum diperingkat", "Not ranked yet"),
    ("cek.updated", "Data per", "Data as of"),
    (
        "cek.object",
        "Sanggah penerima ini",
        "Object to this recipient",
    ),
    (
        "cek.propose_intro",
        "Tahu keluarga yang layak menerima bantuan tetapi belum terdaftar?",
        "Know a family that should receive aid but is not registered?",
    ),
    ("cek.propose", "Usulkan keluarga", "Propose a family"),
    (
        "cek.sms",
        "Tanpa internet: kirim SMS CEK <NIK> <tanggal lahir DDMMYYYY>.",
        "Without internet: send the SMS CEK <NIK> <birth date DDMMYYYY>.",
    ),
];
