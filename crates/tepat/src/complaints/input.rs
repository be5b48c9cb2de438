//! Reading what the public sends, shared by complaints and pungli reports: words of a
//! bounded length, a place inside Indonesia, a phone number or e-mail address, photos
//! (JPEG or PNG by content, metadata stripped) and a village code. Each refusal names the
//! field and the rule, in both languages; nothing is stored until all of it reads.

use super::error::ComplaintError;
use super::photo::{self, CleanPhoto, PHOTOS_MAX};
use crate::region_code::{Level, RegionCode};
use crate::text::Lines;
use crate::web::i18n::{Lang, Localized};

pub(crate) fn refused(
    field: &'static str,
    rule: &'static str,
    en: &str,
    id: &str,
) -> ComplaintError {
    ComplaintError::invalid(field, rule, en, id)
}

/// Plain text of `min` to `max` characters.
pub fn words(
    text: &str,
    field: &'static str,
    min: usize,
    max: usize,
) -> Result<String, ComplaintError> {
    let text = crate::text::clean(text, Lines::Many).map_err(|e| {
        refused(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    let n = text.chars().count();
    if n < min {
        return Err(refused(
            field,
            "min-length",
            &format!("write at least {min} characters"),
            &format!("tuliskan minimal {min} karakter"),
        ));
    }
    if n > max {
        return Err(refused(
            field,
            "max-length",
            &format!("at most {max} characters"),
            &format!("paling banyak {max} karakter"),
        ));
    }
    Ok(text)
}

/// Optional text: empty is `None`.
pub fn optional_words(
    text: &str,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, ComplaintError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    words(text, field, 1, max).map(Some)
}

/// A place inside Indonesia's bounding box, or none when both fields are empty.
pub fn place(latitude: &str, longitude: &str) -> Result<Option<(f64, f64)>, ComplaintError> {
    if latitude.trim().is_empty() && longitude.trim().is_empty() {
        return Ok(None);
    }
    let coordinate = |text: &str, low: f64, high: f64, field: &'static str| {
        text.trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| (low..=high).contains(v))
            .ok_or_else(|| {
                refused(
                    field,
                    "range",
                    "give a place inside Indonesia (latitude -11.5 to 6.5, longitude 94.5 to 141.5)",
                    "isi titik lokasi di wilayah Indonesia (lintang -11,5 s.d. 6,5; bujur 94,5 s.d. 141,5)",
                )
            })
    };
    let lat = coordinate(latitude, -11.5, 6.5, "latitude")?;
    let lon = coordinate(longitude, 94.5, 141.5, "longitude")?;
    Ok(Some((lat, lon)))
}

/// A phone number (8 to 15 digits, a leading `+` allowed) or an e-mail address; empty is
/// `None`.
pub fn contact(text: &str) -> Result<Option<String>, ComplaintError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        refused(
            "contact",
            "format",
            "give a phone number (such as 0812 3456 7890) or an e-mail address",
            "isi nomor HP (misalnya 0812 3456 7890) atau alamat surel",
        )
    };
    if text.len() > 254 {
        return Err(bad());
    }
    if let Some((local, domain)) = text.split_once('@') {
        let fine = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && !domain.contains('@');
        return if fine {
            Ok(Some(text.to_owned()))
        } else {
            Err(bad())
        };
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_phone = text
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '-') || (c == '+' && i == 0));
    if only_phone && (8..=15).contains(&digits.len()) {
        Ok(Some(crate::notifications::hooks::phone_number(text)))
    } else {
        Err(bad())
    }
}

/// The channel a contact is reached on.
pub fn channel(contact: &str) -> &'static str {
    if contact.contains('@') {
        crate::notifications::EMAIL
    } else {
        crate::notifications::SMS
    }
}

/// Up to three photos, each a JPEG or PNG by content, each stripped of its metadata.
pub fn photos(files: &[Vec<u8>]) -> Result<Vec<CleanPhoto>, ComplaintError> {
    if files.len() > PHOTOS_MAX {
        return Err(refused(
            "foto",
            "too-many",
            "at most 3 photos",
            "paling banyak 3 foto",
        ));
    }
    files
        .iter()
        .map(|bytes| {
            if bytes.len() > photo::PHOTO_BYTES_MAX {
                return Err(refused(
                    "foto",
                    "too-large",
                    "each photo at most 5 MB",
                    "setiap foto paling besar 5 MB",
                ));
            }
            photo::clean(bytes).ok_or_else(|| {
                refused(
                    "foto",
                    "type",
                    "a photo must be a JPEG or PNG picture",
                    "foto harus gambar JPEG atau PNG",
                )
            })
        })
        .collect()
}

/// A region code of the given level.
pub fn region(
    text: &str,
    field: &'static str,
    village: bool,
) -> Result<RegionCode, ComplaintError> {
    let code = RegionCode::parse(text.trim()).map_err(|_| {
        refused(
            field,
            "format",
            "choose a region from the lists or type its code (such as 31.75.07.1003)",
            "pilih wilayah dari daftar atau ketik kodenya (misalnya 31.75.07.1003)",
        )
    })?;
    if village && code.level() != Level::Village {
        return Err(refused(
            field,
            "level",
            "choose a village",
            "pilih desa/kelurahan",
        ));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_phone_numbers_or_addresses() {
        assert_eq!(
            contact("0812 3456 7890").unwrap().as_deref(),
            Some("081234567890")
        );
        assert_eq!(
            contact("+62 812-3456-7890").unwrap().as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(contact("  ").unwrap(), None);
        assert_eq!(
            contact("sri@contoh.id").unwrap().as_deref(),
            Some("sri@contoh.id")
        );
        for bad in [
            "123",
            "sri@",
            "@contoh.id",
            "sri@contoh",
            "0812abc4567",
            "a b@c.id",
        ] {
            assert!(contact(bad).is_err(), "{bad}");
        }
        assert_eq!(channel("sri@contoh.id"), "email");
    }

    #[test]
    fn places_lie_inside_indonesia() {
        assert_eq!(
            place("-6,2146", "106.9283").unwrap(),
            Some((-6.2146, 106.9283))
        );
        assert_eq!(place("", "").unwrap(), None);
        assert!(place("48.85", "2.35").is_err());
        assert!(place("-6.2", "").is_err());
        assert!(place("NaN", "106").is_err());
    }

    #[test]
    fn words_are_bounded() {
        assert!(words("pendek", "description", 10, 20).is_err());
        assert!(words(&"a".repeat(21), "description", 1, 20).is_err());
        assert_eq!(
            words("  cukup panjang  ", "x", 5, 20).unwrap(),
            "cukup panjang"
        );
    }
}
