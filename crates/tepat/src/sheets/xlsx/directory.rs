//! The number of parts a zip claims, read from its end record before the zip reader parses
//! the central directory: that reader keeps every entry it parses, so 1.5 million empty
//! parts in a 130 MB file took 330 MB before their number could be refused. Every end
//! record found in the tail is checked (a reader may pick any of them), and the 64-bit one
//! a record points to as well.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::super::error::{Exceeded, SheetError};

const END: &[u8; 4] = b"PK\x05\x06";
const END_BYTES: u64 = 22;
const LOCATOR: &[u8; 4] = b"PK\x06\x07";
const LOCATOR_BYTES: usize = 20;
const END64: &[u8; 4] = b"PK\x06\x06";
const END64_BYTES: usize = 56;
/// The end record and the longest comment it may carry, and a 64-bit locator before it.
const TAIL_BYTES: u64 = END_BYTES + 65_535 + LOCATOR_BYTES as u64;

/// Refuses a zip whose end records claim more than `max` parts.
pub fn check_count(file: &mut File, max: usize) -> Result<(), SheetError> {
    let length = file.metadata()?.len();
    let start = length.saturating_sub(TAIL_BYTES);
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    file.by_ref().take(TAIL_BYTES).read_to_end(&mut tail)?;
    let too_many = || SheetError::Limit(Exceeded::Entries { max });
    for at in memchr::memmem::find_iter(&tail, END) {
        let Some(record) = tail.get(at..at + END_BYTES as usize) else {
            continue;
        };
        let on_disk = u16::from_le_bytes([record[8], record[9]]);
        let total = u16::from_le_bytes([record[10], record[11]]);
        if usize::from(on_disk.max(total)) > max {
            return Err(too_many());
        }
        let Some(locator) = at.checked_sub(LOCATOR_BYTES).and_then(|l| tail.get(l..at)) else {
            continue;
        };
        if &locator[..4] == LOCATOR {
            let offset = u64::from_le_bytes(field(locator, 8));
            if count64(file, offset)? > max as u64 {
                return Err(too_many());
            }
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(())
}

fn field(bytes: &[u8], at: usize) -> [u8; 8] {
    let mut out = [0u8; 8];
    out.copy_from_slice(&bytes[at..at + 8]);
    out
}

/// The larger part count of the 64-bit end record at `offset`; 0 when there is none.
fn count64(file: &mut File, offset: u64) -> Result<u64, SheetError> {
    file.seek(SeekFrom::Start(offset))?;
    let mut record = Vec::with_capacity(END64_BYTES);
    file.by_ref()
        .take(END64_BYTES as u64)
        .read_to_end(&mut record)?;
    if record.len() < END64_BYTES || &record[..4] != END64 {
        return Ok(0);
    }
    let on_disk = u64::from_le_bytes(field(&record, 24));
    let total = u64::from_le_bytes(field(&record, 32));
    Ok(on_disk.max(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(entries: u16) -> Vec<u8> {
        let mut record = END.to_vec();
        record.extend([0u8; 4]);
        record.extend(entries.to_le_bytes());
        record.extend(entries.to_le_bytes());
        record.extend([0u8; 10]);
        record
    }

    fn check(bytes: &[u8], max: usize) -> Result<(), SheetError> {
        let (_dir, path) = super::super::super::testing::file("a.zip", bytes);
        check_count(&mut File::open(path).expect("open"), max)
    }

    #[test]
    fn refuses_a_claim_past_the_limit_in_any_end_record_and_its_64_bit_record() {
        assert!(check(&end(10), 10).is_ok());
        assert!(check(&end(11), 10).is_err());
        let mut two = end(11);
        two.extend(end(1));
        assert!(check(&two, 10).is_err(), "an earlier record counts too");
        let mut zip64 = END64.to_vec();
        zip64.extend([0u8; 20]);
        zip64.extend(5_000_000u64.to_le_bytes());
        zip64.extend(5_000_000u64.to_le_bytes());
        zip64.extend([0u8; 16]);
        zip64.extend(LOCATOR);
        zip64.extend([0u8; 4]);
        zip64.extend(0u64.to_le_bytes());
        zip64.extend([0u8; 4]);
        zip64.extend(end(u16::MAX));
        assert!(check(&zip64, 100_000).is_err());
        assert!(
            check(b"", 10).is_ok(),
            "nothing claimed: the zip reader says what is wrong"
        );
    }
}
