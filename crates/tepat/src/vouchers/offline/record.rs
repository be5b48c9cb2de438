//! Reading one signed offline record: the device's signature over the record's exact
//! bytes is checked before the record is read, and the record is bounded and total — no
//! text can make it panic or allocate beyond its limit.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::model::{Record, Signed};

/// The longest record read: a voucher's QR text and a basket of 30 short lines.
pub const RECORD_BYTES_MAX: usize = 8 * 1024;

/// Why a signed record is refused before its voucher is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordError {
    /// Too long, or not a record's JSON.
    Format,
    /// The device's signature does not match the record.
    Signature,
    /// The record names another device than the one syncing.
    Device,
    /// The record's id is not 8 to 64 letters, digits and `-`.
    Id,
    /// The time is not RFC 3339.
    Time,
}

impl RecordError {
    pub fn rule(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Signature => "device_signature",
            Self::Device => "device",
            Self::Id => "record_id",
            Self::Time => "time",
        }
    }

    /// The reason in Bahasa Indonesia.
    pub fn detail(self) -> &'static str {
        match self {
            Self::Format => "catatan belanja tidak terbaca",
            Self::Signature => {
                "tanda tangan perangkat tidak cocok: catatan diubah atau bukan dari perangkat ini"
            }
            Self::Device => "catatan ini dibuat perangkat lain",
            Self::Id => "nomor catatan harus 8 sampai 64 huruf, angka atau tanda -",
            Self::Time => "waktu belanja tidak terbaca",
        }
    }
}

/// A record whose device signature holds.
#[derive(Debug, Clone)]
pub struct Checked {
    pub record: Record,
    pub at: OffsetDateTime,
}

fn signature(text: &str) -> Option<Signature> {
    let bytes: [u8; 64] = URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()?
        .try_into()
        .ok()?;
    Some(Signature::from_bytes(&bytes))
}

/// Checks a record's signature with the device's key, then reads it.
pub fn open(signed: &Signed, device: i64, key: &VerifyingKey) -> Result<Checked, RecordError> {
    if signed.record.len() > RECORD_BYTES_MAX {
        return Err(RecordError::Format);
    }
    let signature = signature(&signed.signature).ok_or(RecordError::Signature)?;
    key.verify(signed.record.as_bytes(), &signature)
        .map_err(|_| RecordError::Signature)?;
    let record: Record = serde_json::from_str(&signed.record).map_err(|_| RecordError::Format)?;
    if record.device != device {
        return Err(RecordError::Device);
    }
    let id_ok = (8..=64).contains(&record.id.len())
        && record
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !id_ok {
        return Err(RecordError::Id);
    }
    let at = OffsetDateTime::parse(&record.at, &Rfc3339).map_err(|_| RecordError::Time)?;
    Ok(Checked { record, at })
}

/// A device's public key from its text (32 bytes, base64url).
pub fn public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = URL_SAFE_NO_PAD
        .decode(text.trim().trim_end_matches('='))
        .ok()?
        .try_into()
        .ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use proptest::prelude::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn signed(record: &str) -> Signed {
        Signed {
            record: record.to_owned(),
            signature: URL_SAFE_NO_PAD.encode(key().sign(record.as_bytes()).to_bytes()),
        }
    }

    const RECORD: &str = r#"{"id":"a1b2c3d4-0001","device":3,"voucher":"TPV1.x.y","items":[{"category":"beras","description":"Beras 5 kg","quantity":1,"amount":70000}],"at":"2027-01-10T09:15:00+07:00"}"#;

    #[test]
    fn a_record_signed_by_the_device_opens() {
        let checked = open(&signed(RECORD), 3, &key().verifying_key()).unwrap();
        assert_eq!(checked.record.id, "a1b2c3d4-0001");
        assert_eq!(checked.record.items[0].amount, 70_000);
        assert_eq!(checked.at.unix_timestamp(), 1_799_547_300);
    }

    #[test]
    fn an_altered_record_or_another_device_is_refused() {
        let mut altered = signed(RECORD);
        altered.record = altered.record.replace("70000", "90000");
        assert_eq!(
            open(&altered, 3, &key().verifying_key()).unwrap_err(),
            RecordError::Signature
        );
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
        assert_eq!(
            open(&signed(RECORD), 3, &other).unwrap_err(),
            RecordError::Signature
        );
        assert_eq!(
            open(&signed(RECORD), 4, &key().verifying_key()).unwrap_err(),
            RecordError::Device,
            "a record names the device that made it"
        );
    }

    #[test]
    fn bad_ids_and_times_are_named() {
        let short = RECORD.replace("a1b2c3d4-0001", "a1");
        assert_eq!(
            open(&signed(&short), 3, &key().verifying_key()).unwrap_err(),
            RecordError::Id
        );
        let time = RECORD.replace("2027-01-10T09:15:00+07:00", "10 Jan 2027");
        assert_eq!(
            open(&signed(&time), 3, &key().verifying_key()).unwrap_err(),
            RecordError::Time
        );
    }

    #[test]
    fn public_keys_are_32_bytes() {
        let text = URL_SAFE_NO_PAD.encode(key().verifying_key().to_bytes());
        assert_eq!(public_key(&text), Some(key().verifying_key()));
        assert_eq!(public_key("abc"), None);
        assert_eq!(public_key(""), None);
    }

    proptest! {
        #[test]
        fn any_signed_text_is_refused_or_read_without_panicking(text in ".{0,400}") {
            let _ = open(&signed(&text), 3, &key().verifying_key());
        }
    }
}
