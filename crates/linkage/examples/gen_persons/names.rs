//! Name pools for the naming traditions found in the generated provinces.
//!
//! The lists are ordered roughly from common to rare; the generator picks with a skew so
//! that "Muhammad" and "Siti" are frequent and most other names are not.

/// A naming tradition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tradition {
    Javanese,
    Sundanese,
    Arabic,
    Batak,
    Chinese,
    Balinese,
}

#[rustfmt::skip]
pub const JAVANESE_MALE: &[&str] = &[
    "Budi", "Agus", "Joko", "Slamet", "Bambang", "Sutrisno", "Suparman", "Wahyu", "Eko", "Dwi",
    "Teguh", "Hadi", "Sugeng", "Supriyadi", "Heru", "Suyanto", "Sukarno", "Widodo", "Purnomo",
    "Susilo", "Priyo", "Bayu", "Adi", "Yudi", "Tri", "Gunawan", "Hartono", "Sumarno", "Margono",
    "Paijo", "Tukiman", "Ngadimin", "Parjo", "Sukirman", "Darmadi", "Sutarno", "Wagiman",
    "Kusno", "Rahmat", "Setiawan", "Prasetyo", "Nugroho", "Santoso", "Wibowo", "Kurniawan",
    "Saputro", "Hermawan", "Cahyono", "Utomo", "Wijaya", "Sunarto", "Darsono", "Mulyono",
    "Giyanto", "Suroso", "Tumino", "Legiman", "Sarwono", "Haryanto", "Sucipto",
];

#[rustfmt::skip]
pub const JAVANESE_FEMALE: &[&str] = &[
    "Sri", "Dewi", "Endang", "Tri", "Wahyuni", "Lestari", "Suparmi", "Sumiati", "Sulastri",
    "Rahayu", "Puji", "Ani", "Tutik", "Ratna", "Yuni", "Siti", "Sumarni", "Ngatini", "Painem",
    "Tukinem", "Kasiyem", "Suwarni", "Rini", "Wulan", "Indah", "Ayu", "Kartini", "Murni",
    "Sukarti", "Marsini", "Suyati", "Handayani", "Purwanti", "Astuti", "Setyowati", "Utami",
    "Wulandari", "Kusumawati", "Pratiwi", "Susanti", "Hartini", "Partini", "Jumiati", "Sarmi",
];

#[rustfmt::skip]
pub const SUNDANESE_MALE: &[&str] = &[
    "Asep", "Dede", "Ujang", "Cecep", "Yayan", "Dadang", "Ade", "Deden", "Iwan", "Agus",
    "Encep", "Jajang", "Usep", "Endang", "Ayi", "Oman", "Odih", "Wawan", "Dodi", "Rudi",
    "Saepudin", "Suryana", "Supriatna", "Hidayat", "Kurnia", "Sopyan", "Rohman", "Mulyana",
    "Sutisna", "Permana", "Nugraha", "Sukmana", "Gunawan", "Ruhiyat", "Darmawan", "Kusnadi",
];

#[rustfmt::skip]
pub const SUNDANESE_FEMALE: &[&str] = &[
    "Euis", "Neng", "Imas", "Cucu", "Entin", "Iis", "Lilis", "Yati", "Elis", "Ai", "Enok",
    "Nining", "Teti", "Popon", "Yeyen", "Dedeh", "Nenden", "Ratna", "Rina", "Nurjanah",
    "Kurniasih", "Rohayati", "Maryati", "Komalasari", "Herawati", "Mulyani", "Sumiati",
];

#[rustfmt::skip]
pub const ARABIC_MALE: &[&str] = &[
    "Muhammad", "Ahmad", "Abdul", "Rizki", "Fajar", "Ilham", "Arif", "Hasan", "Husein", "Ali",
    "Umar", "Yusuf", "Ibrahim", "Ismail", "Hamzah", "Zainal", "Syaiful", "Hidayat", "Taufik",
    "Khairul", "Rahman", "Fauzi", "Hakim", "Anwar", "Sholeh", "Mahmud", "Nasrullah", "Sulaiman",
    "Zulkifli", "Abdullah", "Syarifuddin", "Ikhsan", "Lutfi", "Amin", "Jamaluddin", "Saiful",
    "Rasyid", "Firdaus", "Hafiz", "Irfan", "Nur", "Ridwan", "Fahmi", "Marzuki", "Bahtiar",
];

#[rustfmt::skip]
pub const ARABIC_FEMALE: &[&str] = &[
    "Siti", "Nur", "Fatimah", "Aisyah", "Nurul", "Khadijah", "Aminah", "Zainab", "Maryam",
    "Halimah", "Rahmawati", "Hidayah", "Nurhayati", "Salma", "Fitri", "Rohmah", "Zahra",
    "Hafsah", "Annisa", "Latifah", "Mardiyah", "Rukayah", "Juwairiyah", "Aini", "Syarifah",
    "Nadia", "Laila", "Jamilah", "Safitri", "Umi", "Masitoh", "Khoiriyah", "Badriyah",
];

#[rustfmt::skip]
pub const BATAK_MALE: &[&str] = &[
    "Tumpal", "Togar", "Parlindungan", "Hotman", "Marulak", "Binsar", "Rudolf", "Jonni",
    "Maruli", "Poltak", "Sahat", "Bonar", "Horas", "Saut", "Tigor", "Bernard", "Robert",
    "Daniel", "Jhon", "Hendrik", "Martua", "Pardamean", "Sondang", "Manahan", "Ronald",
];

#[rustfmt::skip]
pub const BATAK_FEMALE: &[&str] = &[
    "Maria", "Rosmawati", "Tiurma", "Nurmala", "Rotua", "Lasma", "Hotmaida", "Rumondang",
    "Sondang", "Butet", "Erna", "Lenny", "Dameria", "Melati", "Tiominar", "Roslina", "Masniari",
];

#[rustfmt::skip]
pub const BATAK_CLANS: &[&str] = &[
    "Simanjuntak", "Siregar", "Nasution", "Harahap", "Sinaga", "Situmorang", "Hutapea",
    "Pardede", "Sitompul", "Lubis", "Silalahi", "Simbolon", "Manurung", "Panjaitan",
    "Hutagalung", "Tambunan", "Sihombing", "Gultom", "Napitupulu", "Pasaribu", "Sianturi",
    "Marpaung", "Simatupang", "Tampubolon", "Purba", "Damanik", "Ginting", "Tarigan",
];

#[rustfmt::skip]
pub const CHINESE_MALE: &[&str] = &[
    "Hendra", "Budi", "Andi", "Steven", "Kevin", "Hendrik", "Sugianto", "Rudy", "Teddy",
    "Johan", "Yohanes", "Felix", "Michael", "William", "Hartono", "Liem", "Tan", "Kurniawan",
    "Wilson", "Edwin", "Ferry", "Sanjaya", "Gunadi", "Harianto", "Surya", "Tjandra",
];

#[rustfmt::skip]
pub const CHINESE_FEMALE: &[&str] = &[
    "Linda", "Lily", "Susan", "Meliana", "Lanny", "Yenny", "Lisa", "Merry", "Vivian", "Cindy",
    "Jessica", "Angela", "Fransiska", "Natalia", "Mei", "Ling", "Yuliana", "Lidya", "Stefanie",
];

#[rustfmt::skip]
pub const CHINESE_SURNAMES: &[&str] = &[
    "Wijaya", "Gunawan", "Halim", "Tanoto", "Salim", "Santoso", "Tanujaya", "Kusuma",
    "Hartanto", "Sutanto", "Lim", "Tan", "Wong", "Setiadi", "Tjahjadi", "Widjaja", "Suryadi",
    "Hidayat", "Liem", "Oei", "Kwee", "Gozali", "Limanto", "Sugiharto",
];

#[rustfmt::skip]
pub const BALINESE_ORDER_MALE: &[&str] = &[
    "Wayan", "Putu", "Gede", "Made", "Kadek", "Nyoman", "Komang", "Ketut",
];
#[rustfmt::skip]
pub const BALINESE_ORDER_FEMALE: &[&str] = &[
    "Wayan", "Putu", "Luh", "Made", "Kadek", "Nyoman", "Komang", "Ketut",
];

#[rustfmt::skip]
pub const BALINESE_NAMES: &[&str] = &[
    "Sudarma", "Suarta", "Sukadana", "Astawa", "Wirawan", "Arsana", "Sutama", "Mertha",
    "Ariani", "Sriasih", "Suartini", "Sukerti", "Widiastuti", "Darmayasa", "Parwata", "Yasa",
    "Budiarta", "Suparta", "Artini", "Suciati", "Mahendra", "Adnyana", "Wardana",
];

/// The middle names of two-part Javanese and Sundanese names, drawn from the same pools.
pub fn given(tradition: Tradition, female: bool) -> &'static [&'static str] {
    match (tradition, female) {
        (Tradition::Javanese, false) => JAVANESE_MALE,
        (Tradition::Javanese, true) => JAVANESE_FEMALE,
        (Tradition::Sundanese, false) => SUNDANESE_MALE,
        (Tradition::Sundanese, true) => SUNDANESE_FEMALE,
        (Tradition::Arabic, false) => ARABIC_MALE,
        (Tradition::Arabic, true) => ARABIC_FEMALE,
        (Tradition::Batak, false) => BATAK_MALE,
        (Tradition::Batak, true) => BATAK_FEMALE,
        (Tradition::Chinese, false) => CHINESE_MALE,
        (Tradition::Chinese, true) => CHINESE_FEMALE,
        (Tradition::Balinese, _) => BALINESE_NAMES,
    }
}

#[rustfmt::skip]
pub const STREETS: &[&str] = &[
    "Merdeka", "Sudirman", "Diponegoro", "Ahmad Yani", "Gatot Subroto", "Pahlawan", "Mawar",
    "Melati", "Kenanga", "Anggrek", "Cempaka", "Flamboyan", "Kartini", "Imam Bonjol",
    "Hasanuddin", "Pattimura", "Raya", "Masjid", "Pasar", "Sekolah", "Veteran", "Pemuda",
    "Siliwangi", "Gajah Mada", "Hayam Wuruk", "Teuku Umar", "Cut Nyak Dien", "Nusantara",
    "Kebon Jeruk", "Kampung Baru", "Kali", "Sawah", "Bougenville", "Dahlia", "Teratai",
];
