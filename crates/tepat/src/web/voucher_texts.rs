//! Texts of the voucher pages: the merchant's shop page and its redemption form, and the
//! printable voucher cards.

/// (key, Bahasa Indonesia, English).
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("nav.shop", "Toko saya", "My shop"),
    ("nav.vouchers", "Kartu voucher", "Voucher cards"),
    ("shop.title", "E-warong", "E-warong"),
    (
        "shop.intro",
        "Ketik kode voucher di bawah kode QR kartu penerima, lalu isi belanjaannya. Hanya barang yang dibiayai program dan boleh dijual toko ini yang diterima; sisa saldo voucher tampil setelah transaksi.",
        "Type the voucher code printed under the recipient's QR code, then fill in the basket. Only goods the programme pays for and this shop may sell are accepted; the voucher's remaining balance shows after each purchase.",
    ),
    (
        "shop.none",
        "Akun ini belum terhubung ke toko. Hubungi dinas sosial kabupaten/kota.",
        "This account is not linked to a shop yet. Contact the district social affairs office.",
    ),
    (
        "shop.suspended",
        "Toko ini dibekukan",
        "This shop is suspended",
    ),
    ("shop.voucher", "Kode voucher", "Voucher code"),
    (
        "shop.voucher_hint",
        "12 karakter, misalnya ABCD-EFGH-JKMN",
        "12 characters, e.g. ABCD-EFGH-JKMN",
    ),
    ("shop.basket", "Belanjaan", "Basket"),
    ("shop.line", "Baris", "Line"),
    ("shop.category", "Jenis barang", "Goods"),
    ("shop.category_none", "— tidak dipakai —", "— not used —"),
    ("shop.description", "Uraian", "Description"),
    ("shop.quantity", "Jumlah", "Quantity"),
    ("shop.amount", "Nilai (Rp)", "Amount (Rp)"),
    ("shop.redeem", "Tebus voucher", "Redeem the voucher"),
    ("shop.receipt", "Transaksi berhasil", "Purchase recorded"),
    ("shop.paid", "Dibayar dari voucher", "Paid from the voucher"),
    (
        "shop.remaining",
        "Sisa saldo voucher",
        "Voucher balance left",
    ),
    ("shop.recent", "Transaksi terakhir", "Recent purchases"),
    (
        "shop.recent_none",
        "Belum ada transaksi.",
        "No purchases yet.",
    ),
    ("shop.today", "Hari ini", "Today"),
    ("shop.time", "Waktu", "Time"),
    ("shop.sells", "Boleh menjual", "May sell"),
    ("card.title", "Kartu voucher", "Voucher card"),
    (
        "card.sheet",
        "Lembar kartu voucher",
        "Sheet of voucher cards",
    ),
    ("card.programme", "Program", "Programme"),
    ("card.amount", "Saldo", "Balance"),
    ("card.valid_until", "Berlaku sampai", "Valid until"),
    ("card.code", "Kode", "Code"),
    ("card.goods", "Untuk", "For"),
    (
        "card.note",
        "Tunjukkan kartu ini di e-warong terdaftar. Jangan tukar dengan uang tunai; belanja boleh bertahap sampai saldo habis.",
        "Show this card at a registered e-warong. Never exchange it for cash; spend it in parts until the balance is used.",
    ),
    ("card.print", "Cetak", "Print"),
    (
        "card.none",
        "Tidak ada voucher aktif di wilayah ini.",
        "No active vouchers in this region.",
    ),
    ("recipient.voucher", "Voucher belanja", "Shopping voucher"),
    ("cycle.vouchers", "Voucher e-warong", "E-warong vouchers"),
    ("cycle.vouchers_issued", "Diterbitkan", "Issued"),
    (
        "cycle.issue_vouchers",
        "Terbitkan voucher",
        "Issue the vouchers",
    ),
];
