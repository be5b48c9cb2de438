//! What a voucher's QR code carries: its id, programme, cycle, amount, the goods it may
//! buy, the last day it may be spent and a salted commitment to the household — no name,
//! no NIK — signed with Ed25519, so that a merchant's phone can check it without a
//! connection. The text is `TPV1.{payload}.{signature}`, both parts base64url.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use time::Date;
use time::macros::format_description;

/// The prefix of a voucher's QR text, naming its format.
pub const PREFIX: &str = "TPV1.";
/// The longest QR text read: a payload names at most a few categories.
pub const TEXT_BYTES_MAX: usize = 600;
/// Most goods categories a voucher names.
const CATEGORIES_MAX: usize = 16;

/// A voucher's signed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub voucher: i64,
    pub programme: String,
    pub cycle: i64,
    pub amount: i64,
    pub categories: Vec<String>,
    pub valid_until: Date,
    /// Hex SHA-256 of the voucher's salt and household id, first 32 characters.
    pub commitment: String,
}

/// Why a QR text is not a voucher of this system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("not a voucher code")]
    Malformed,
    #[error("the signature does not match")]
    Signature,
}

/// The commitment to a household: who it is stays in the database, behind the salt.
pub fn commitment(salt: &str, household: i64) -> String {
    let digest = Sha256::digest(format!("{salt}:{household}").as_bytes());
    hex::encode(digest)[..32].to_owned()
}

impl Payload {
    /// The signed text: fields separated by `|`, the date as YYYYMMDD.
    fn text(&self) -> String {
        let date = self
            .valid_until
            .format(format_description!("[year][month][day]"))
            .unwrap_or_default();
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.voucher,
            self.programme,
            self.cycle,
            self.amount,
            self.categories.join(","),
            date,
            self.commitment
        )
    }

    /// The QR text, signed by `key`.
    pub fn sign(&self, key: &SigningKey) -> String {
        let text = self.text();
        let signature = key.sign(text.as_bytes());
        format!(
            "{PREFIX}{}.{}",
            URL_SAFE_NO_PAD.encode(text.as_bytes()),
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )
    }

    /// Reads and checks a QR text against the verifier key.
    pub fn open(qr: &str, key: &VerifyingKey) -> Result<Self, PayloadError> {
        let qr = qr.trim();
        if qr.len() > TEXT_BYTES_MAX {
            return Err(PayloadError::Malformed);
        }
        let rest = qr.strip_prefix(PREFIX).ok_or(PayloadError::Malformed)?;
        let (text, signature) = rest.split_once('.').ok_or(PayloadError::Malformed)?;
        let text = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| PayloadError::Malformed)?;
        let signature: [u8; 64] = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(PayloadError::Malformed)?;
        key.verify(&text, &Signature::from_bytes(&signature))
            .map_err(|_| PayloadError::Signature)?;
        let text = String::from_utf8(text).map_err(|_| PayloadError::Malformed)?;
        parse(&text).ok_or(PayloadError::Malformed)
    }
}

fn parse(text: &str) -> Option<Payload> {
    let fields: Vec<&str> = text.split('|').collect();
    let [
        voucher,
        programme,
        cycle,
        amount,
        categories,
        date,
        commitment,
    ] = fields[..]
    else {
        return None;
    };
    let categories: Vec<String> = categories
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if categories.len() > CATEGORIES_MAX {
        return None;
    }
    Some(Payload {
        voucher: voucher.parse().ok()?,
        programme: programme.to_owned(),
        cycle: cycle.parse().ok()?,
        amount: amount.parse().ok().filter(|a: &i64| *a > 0)?,
        categories,
        valid_until: Date::parse(date, format_description!("[year][month][day]")).ok()?,
        commitment: commitment.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn sample() -> Payload {
        Payload {
            voucher: 42,
            programme: "SEMBAKO".to_owned(),
            cycle: 3,
            amount: 200_000,
            categories: vec!["beras".to_owned(), "telur".to_owned()],
            valid_until: date!(2027 - 01 - 31),
            commitment: commitment("garam", 17),
        }
    }

    #[test]
    fn a_signed_voucher_opens_with_its_key_and_only_with_it() {
        let qr = sample().sign(&key(1));
        assert!(qr.starts_with(PREFIX));
        assert_eq!(Payload::open(&qr, &key(1).verifying_key()), Ok(sample()));
        assert_eq!(
            Payload::open(&qr, &key(2).verifying_key()),
            Err(PayloadError::Signature),
            "another key's voucher is a forgery here"
        );
    }

    #[test]
    fn an_altered_amount_breaks_the_signature() {
        let qr = sample().sign(&key(1));
        let (_, rest) = qr.split_at(PREFIX.len());
        let (text, signature) = rest.split_once('.').unwrap();
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(text).unwrap()).unwrap();
        let altered = text.replace("200000", "900000");
        let forged = format!("{PREFIX}{}.{signature}", URL_SAFE_NO_PAD.encode(altered));
        assert_eq!(
            Payload::open(&forged, &key(1).verifying_key()),
            Err(PayloadError::Signature)
        );
    }

    #[test]
    fn the_commitment_names_nobody_and_depends_on_the_salt() {
        assert_ne!(commitment("a", 17), commitment("b", 17));
        assert_eq!(commitment("a", 17).len(), 32);
    }

    proptest! {
        #[test]
        fn any_text_is_refused_or_read_without_panicking(text in ".{0,700}") {
            let _ = Payload::open(&text, &key(1).verifying_key());
        }

        #[test]
        fn any_tail_after_the_prefix_is_refused(tail in "[A-Za-z0-9_.-]{0,300}") {
            let qr = format!("{PREFIX}{tail}");
            prop_assert!(Payload::open(&qr, &key(1).verifying_key()).is_err());
        }
    }
}
