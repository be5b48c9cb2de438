//! The XLSX archive checked before the spreadsheet reader opens it: a zip at all, few
//! enough parts (claimed, `directory.rs`, and found), and small enough once unpacked. Sizes are checked twice: as the archive
//! declares them (refused before a byte is unpacked) and as counted while every part is
//! unpacked, because a declared size can lie. The same pass refuses an XML part holding
//! one stretch of text or one tag longer than the limit, which the XML reader would hold
//! whole, and a shared-strings part that declares more strings than it can hold (the
//! reader reserves memory for the declared count).

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

use quick_xml::events::Event;
use zip::ZipArchive;

use super::super::error::{Exceeded, SheetError};
use super::super::limits::Limits;

/// The smallest shared string, `<si></si>`: no part holds more strings than its bytes / 9.
const SHARED_STRING_BYTES_MIN: u64 = 9;

type Archive = ZipArchive<BufReader<File>>;

/// Checks the archive at `path` against `limits`, unpacking every part once.
pub fn check(path: &Path, limits: &Limits) -> Result<(), SheetError> {
    let mut file = File::open(path)?;
    super::directory::check_count(&mut file, limits.zip_entries)?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| not_zip(&e))?;
    if zip.len() > limits.zip_entries {
        return Err(SheetError::Limit(Exceeded::Entries {
            max: limits.zip_entries,
        }));
    }
    check_declared(&mut zip, limits)?;
    let mut unpacked = 0u64;
    for index in 0..zip.len() {
        let (name, counted) = count_part(&mut zip, index, limits, unpacked)?;
        unpacked += counted;
        if is_shared_strings(&name) {
            check_shared_strings(&mut zip, index, counted)?;
        }
    }
    Ok(())
}

fn not_zip(err: &zip::result::ZipError) -> SheetError {
    SheetError::NotXlsx(format!("not a readable zip archive: {err}"))
}

/// A part's name as stored (names that are not UTF-8 are shown with replacement marks).
fn name_of<R: Read + ?Sized>(part: &zip::read::ZipFile<'_, R>) -> String {
    String::from_utf8_lossy(part.name_raw()).into_owned()
}

fn is_shared_strings(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with("sharedstrings.xml")
}

/// The sizes the archive declares, before anything is unpacked.
fn check_declared(zip: &mut Archive, limits: &Limits) -> Result<(), SheetError> {
    let mut declared = 0u64;
    for index in 0..zip.len() {
        let part = zip.by_index_raw(index).map_err(|e| not_zip(&e))?;
        declared = declared.saturating_add(part.size());
        if declared > limits.inflated_bytes {
            return Err(SheetError::Limit(Exceeded::Inflated {
                max: limits.inflated_bytes,
            }));
        }
        if is_shared_strings(&name_of(&part)) && part.size() > limits.shared_strings_bytes {
            return Err(SheetError::Limit(Exceeded::SharedStrings {
                max: limits.shared_strings_bytes,
            }));
        }
    }
    Ok(())
}

/// Unpacks part `index`, counting its bytes against what is left of the limit and what
/// the part declares; returns its name and size.
fn count_part(
    zip: &mut Archive,
    index: usize,
    limits: &Limits,
    unpacked: u64,
) -> Result<(String, u64), SheetError> {
    let mut part = zip
        .by_index(index)
        .map_err(|e| SheetError::NotXlsx(format!("a part cannot be unpacked: {e}")))?;
    let name = name_of(&part);
    let declared = part.size();
    let left = limits.inflated_bytes.saturating_sub(unpacked);
    let part_max = if is_shared_strings(&name) {
        left.min(limits.shared_strings_bytes)
    } else {
        left
    };
    let mut scan = Scan::new(limits.xml_stretch_bytes);
    let copied = std::io::copy(&mut (&mut part).take(part_max.saturating_add(1)), &mut scan);
    if scan.stretch_exceeded {
        return Err(SheetError::Limit(Exceeded::Stretch {
            part: name,
            max: limits.xml_stretch_bytes,
        }));
    }
    let counted =
        copied.map_err(|e| SheetError::NotXlsx(format!("part {name} cannot be unpacked: {e}")))?;
    if counted > part_max {
        return Err(SheetError::Limit(
            if is_shared_strings(&name) && counted <= left {
                Exceeded::SharedStrings {
                    max: limits.shared_strings_bytes,
                }
            } else {
                Exceeded::Inflated {
                    max: limits.inflated_bytes,
                }
            },
        ));
    }
    if counted != declared {
        return Err(SheetError::NotXlsx(format!(
            "part {name} unpacks to {counted} bytes, not the {declared} it declares"
        )));
    }
    Ok((name, counted))
}

/// Refuses a shared-strings part whose `uniqueCount` is more than its bytes can hold:
/// the reader reserves memory for that many strings before reading one.
fn check_shared_strings(zip: &mut Archive, index: usize, bytes: u64) -> Result<(), SheetError> {
    let part = zip
        .by_index(index)
        .map_err(|e| SheetError::NotXlsx(format!("a part cannot be unpacked: {e}")))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    xml.config_mut().expand_empty_elements = true;
    let mut buf = Vec::new();
    let malformed = || SheetError::NotXlsx("the shared strings are malformed".to_owned());
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| malformed())? {
            Event::Start(tag) if tag.local_name().as_ref() == "sst" => {
                for count in declared_counts(tag.as_ref().as_bytes()) {
                    match count {
                        Some(n) if n <= bytes / SHARED_STRING_BYTES_MIN => {}
                        _ => return Err(malformed()),
                    }
                }
                return Ok(());
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Every `uniqueCount` in a tag, read as the spreadsheet reader reads attributes (the raw
/// text between quotes); `None` for one that is not a plain number. Taking every
/// occurrence, not the first, leaves no reading of a doubled attribute unchecked.
fn declared_counts(tag: &[u8]) -> Vec<Option<u64>> {
    const NAME: &[u8] = b"uniqueCount";
    memchr::memmem::find_iter(tag, NAME)
        .map(|at| {
            let rest = &tag[at + NAME.len()..];
            let rest = trim_start(rest);
            let rest = trim_start(rest.strip_prefix(b"=")?);
            let quote = *rest.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let value = &rest[1..];
            let end = memchr::memchr(quote, value)?;
            let digits = &value[..end];
            if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(digits).ok()?.parse().ok()
        })
        .collect()
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// Counts bytes written to it and the longest stretch without a `<`; refuses to go on
/// once a stretch is past `max`.
struct Scan {
    max: u64,
    stretch: u64,
    stretch_exceeded: bool,
}

impl Scan {
    fn new(max: u64) -> Self {
        Self {
            max,
            stretch: 0,
            stretch_exceeded: false,
        }
    }
}

impl Write for Scan {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        for at in memchr::memchr_iter(b'<', buf) {
            self.stretch += (at - start) as u64;
            if self.stretch > self.max {
                break;
            }
            self.stretch = 0;
            start = at + 1;
        }
        if self.stretch <= self.max {
            self.stretch += (buf.len() - start) as u64;
        }
        if self.stretch > self.max {
            self.stretch_exceeded = true;
            return Err(std::io::Error::other("a stretch of XML past the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_declared_count_and_refuses_what_is_not_a_number() {
        assert_eq!(
            declared_counts(b"sst count=\"3\" uniqueCount=\"2\""),
            [Some(2)]
        );
        assert_eq!(
            declared_counts(b"sst uniqueCount = '7' uniqueCount=\"99999999999\""),
            [Some(7), Some(99_999_999_999)]
        );
        assert_eq!(declared_counts(b"sst uniqueCount=\"+5\""), [None]);
        assert_eq!(declared_counts(b"sst uniqueCount=5"), [None]);
        assert!(declared_counts(b"sst count=\"5\"").is_empty());
    }

    #[test]
    fn finds_a_stretch_without_markup_across_writes() {
        let mut scan = Scan::new(12);
        assert!(scan.write(b"<a>12345").is_ok());
        assert!(
            scan.write(b"12345</a>").is_ok(),
            "twelve bytes from one < to the next"
        );
        assert!(scan.write(b"<b>123456").is_ok());
        assert!(scan.write(b"78901").is_err(), "thirteen bytes");
        assert!(scan.stretch_exceeded);
    }
}
