//! The rules a refused row or field broke, as a report names them: the rule codes the
//! import and the registry's checks write (`family-rejected`, `nik-birth-date` …) in words.
//! A rule without an entry reads as "breaks a rule"; the message beside it says which.

/// (rule code, Bahasa Indonesia, English).
pub(super) const RULES: &[(&str, &str, &str)] = &[
    ("required", "Wajib diisi", "Required"),
    ("format", "Bentuk tidak sah", "Wrong format"),
    (
        "length",
        "Terlalu panjang atau pendek",
        "Too long or too short",
    ),
    ("range", "Di luar batas", "Out of range"),
    ("choice", "Bukan pilihan yang ada", "Not one of the choices"),
    ("unknown", "Tidak dikenal", "Unknown"),
    ("level", "Tingkat wilayah salah", "Wrong region level"),
    (
        "conflict",
        "Bertentangan dengan data lain",
        "Conflicts with other data",
    ),
    (
        "control-character",
        "Berisi karakter kendali",
        "Contains a control character",
    ),
    (
        "invisible-character",
        "Berisi karakter tak terlihat",
        "Contains an invisible character",
    ),
    ("line-break", "Berisi pindah baris", "Contains a line break"),
    ("nik-format", "NIK tidak sah", "Invalid NIK"),
    (
        "nik-birth-date",
        "NIK tidak cocok dengan tanggal lahir",
        "NIK does not match the birth date",
    ),
    (
        "nik-sex",
        "NIK tidak cocok dengan jenis kelamin",
        "NIK does not match the sex",
    ),
    ("nik-duplicate", "NIK ganda", "NIK twice"),
    (
        "nik-repeated",
        "NIK berulang dalam berkas",
        "NIK repeated in the file",
    ),
    (
        "nik-exists",
        "NIK sudah terdaftar",
        "NIK already registered",
    ),
    ("kk-format", "Nomor KK tidak sah", "Invalid KK number"),
    (
        "kk-exists",
        "Nomor KK sudah terdaftar",
        "KK number already registered",
    ),
    ("kk-repeated", "Nomor KK berulang", "KK number repeated"),
    (
        "kk-not-grouped",
        "Baris satu KK tidak berurutan",
        "Rows of one KK are not together",
    ),
    (
        "phone-format",
        "Nomor telepon tidak sah",
        "Invalid phone number",
    ),
    (
        "one-head",
        "Harus tepat satu kepala keluarga",
        "Exactly one head of family",
    ),
    (
        "family-too-large",
        "Anggota keluarga terlalu banyak",
        "Too many family members",
    ),
    ("family-rejected", "Keluarga ditolak", "Family refused"),
    ("village-mismatch", "Desa tidak sama", "Village differs"),
    (
        "district-unknown",
        "Kecamatan tidak dikenal",
        "Unknown district",
    ),
    (
        "outside-scope",
        "Di luar wilayah Anda",
        "Outside your region",
    ),
    (
        "xlsx-number",
        "Angka di lembar kerja",
        "Number in the spreadsheet",
    ),
];
