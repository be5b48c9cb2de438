//! The bounds every file is read within. A file is untrusted input: an XLSX of 2 KB can
//! declare a sheet of 17 billion cells or expand to gigabytes, a CSV can be one line with
//! no end. Each bound is checked while the file streams, before anything sized by the file
//! is allocated; a file past one is refused whole with the bound named.

/// What one reading may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Columns a sheet may use. The household layout has 34 columns; the rest is room
    /// for notes and columns the import ignores.
    pub columns: u32,
    /// Characters in one cell. The longest household field (an address) is a few hundred.
    pub cell_chars: usize,
    /// Rows of an XLSX sheet, header included: the format's own limit, so that a row
    /// number past it, which no spreadsheet writes, refuses the file.
    pub rows: u32,
    /// Bytes of one CSV record (a line, or several when a quoted cell holds line breaks).
    /// A household row is about 250 bytes.
    pub record_bytes: u64,
    /// Parts in an XLSX archive; a workbook Excel writes has a few dozen.
    pub zip_entries: usize,
    /// Bytes an XLSX archive expands to, all parts together. About 250,000 persons in
    /// an XLSX written by Excel; larger files go as CSV, which does not expand.
    pub inflated_bytes: u64,
    /// Bytes of the shared-strings part, which is held in memory while the sheet is read.
    pub shared_strings_bytes: u64,
    /// The longest stretch of an XML part without a `<`: one piece of text or one tag,
    /// which the XML reader holds whole.
    pub xml_stretch_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

/// The bounds of every import, feed and status file.
pub const LIMITS: Limits = Limits {
    columns: 200,
    cell_chars: 5_000,
    rows: 1_048_576,
    record_bytes: MIB,
    zip_entries: 1_000,
    inflated_bytes: 256 * MIB,
    shared_strings_bytes: 64 * MIB,
    xml_stretch_bytes: MIB,
};

/// A count as people read it: `1.048.576` in Indonesian, `1,048,576` in English.
pub fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A size in bytes as people read it: whole MiB when it is one, else bytes.
pub fn size(bytes: u64, separator: char) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", grouped(bytes / MIB, separator))
    } else {
        format!("{} B", grouped(bytes, separator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_as_people_write_them() {
        assert_eq!(grouped(1_048_576, '.'), "1.048.576");
        assert_eq!(grouped(200, ','), "200");
        assert_eq!(grouped(5_000, ','), "5,000");
        assert_eq!(size(256 * MIB, '.'), "256 MiB");
        assert_eq!(size(1_500, '.'), "1.500 B");
    }
}
