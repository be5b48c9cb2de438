//! The SMS status check: an SMS gateway posts each message it receives to
//! `POST /api/v1/sms/inbound`, signed with `TEPAT_SMS_SECRET`, and sends back the reply.
//! `CEK <tracking code>` gives where an application (`TPT-…`) or an objection (`SGH-…`)
//! stands; `CEK <NIK> <DDMMYYYY>` gives a person's programmes as Cek Bansos does; anything
//! else gets a short help. Replies are one SMS: Bahasa Indonesia, at most 160 characters.
//! The same limits as the web, counted per sender number (and per NIK).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Cek;
use super::lookup;
use super::reply;
use crate::field::FieldError;
use crate::http::{AppError, AppState, idempotency};

type Problem = crate::http::Problem;

/// The header with `sha256=<hex HMAC-SHA256 of the body>`.
pub const SIGNATURE_HEADER: &str = "x-tepat-signature";
/// Longest body a gateway posts: one message and its sender.
const BODY_BYTES_MAX: usize = 4 * 1024;
/// Longest message read; a longer one is answered with the help.
const TEXT_CHARS_MAX: usize = 480;
/// Longest sender number kept as a counting key.
const FROM_CHARS_MAX: usize = 32;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(inbound))
}

/// A message the gateway received.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = SmsInbound)]
pub struct Inbound {
    /// The sender's number, as the gateway writes it.
    pub from: String,
    /// The message, e.g. `CEK TPT-7KQ2M9XD3A` or `CEK 3175074101850001 01011985`.
    pub text: String,
}

/// What to send back to the sender.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = SmsReply)]
pub struct Reply {
    /// One SMS in Bahasa Indonesia, at most 160 characters.
    pub reply: String,
}

fn unauthenticated() -> AppError {
    AppError::Rejected(
        StatusCode::UNAUTHORIZED,
        "missing or wrong X-Tepat-Signature".to_owned(),
    )
}

/// Whether `header` is `sha256=` and the HMAC-SHA256 of `body` with `secret`, compared in
/// constant time.
pub fn signed(secret: &[u8], body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_text) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(given) = hex::decode(hex_text) else {
        return false;
    };
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// Read one inbound SMS and answer it. Signed by the gateway: the header
/// `X-Tepat-Signature: sha256=<hex HMAC-SHA256 of the body with TEPAT_SMS_SECRET>`; a
/// missing or wrong signature is refused with 401 and nothing is counted or stored.
/// Requires an `Idempotency-Key` (the gateway's message id): a retried message gets the
/// same reply. Past the limits the reply says when to try again.
#[utoipa::path(post, path = "/api/v1/sms/inbound", tag = "cek",
    request_body = Inbound,
    params(("X-Tepat-Signature" = String, Header,
            description = "sha256=<hex HMAC-SHA256 of the body with TEPAT_SMS_SECRET>"),
        ("Idempotency-Key" = String, Header, description = "The gateway's message id")),
    responses((status = 200, description = "The reply to send", body = Reply),
        (status = 400, description = "Malformed JSON or missing Idempotency-Key", body = Problem),
        (status = 401, description = "Missing or wrong signature", body = Problem),
        (status = 422, description = "A field is missing or too long", body = Problem)))]
async fn inbound(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let secret = state.config.cek.sms_secret.as_deref().unwrap_or_default();
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if secret.is_empty() || !signed(secret.as_bytes(), &body, signature) {
        return Err(unauthenticated());
    }
    let key = idempotency::key_from(&headers)?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if !json {
        return Err(AppError::UnsupportedMediaType("application/json"));
    }
    if body.len() > BODY_BYTES_MAX {
        return Err(AppError::PayloadTooLarge(BODY_BYTES_MAX));
    }
    let message: Inbound = crate::http::json::parse_json(&body)?;
    check(&message)?;
    let hash = hex::encode(Sha256::digest(&body));
    let now = state.clock.now();
    let run = async {
        let text = answer(&state, &message).await?;
        Ok((StatusCode::OK, serde_json::json!({ "reply": text })))
    };
    idempotency::run(&state.db, "sms-gateway", &key, &hash, now, run).await
}

fn check(message: &Inbound) -> Result<(), AppError> {
    let from = message.from.trim();
    if from.is_empty() || from.chars().count() > FROM_CHARS_MAX {
        return Err(AppError::invalid(FieldError::new(
            "from",
            "length",
            &format!("the sender is 1 to {FROM_CHARS_MAX} characters"),
            &format!("pengirim 1 sampai {FROM_CHARS_MAX} karakter"),
        )));
    }
    Ok(())
}

/// What an SMS asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Application(String),
    Objection(String),
    Person { nik: String, birth_ddmmyyyy: String },
    Help,
}

/// Reads `CEK <code>` or `CEK <NIK> <DDMMYYYY>`, in any case and spacing.
pub fn command(text: &str) -> Command {
    if text.chars().count() > TEXT_CHARS_MAX {
        return Command::Help;
    }
    let upper = text.trim().to_uppercase();
    let mut words = upper.split_whitespace();
    if words.next() != Some("CEK") {
        return Command::Help;
    }
    let rest: Vec<&str> = words.collect();
    let joined = rest.concat();
    if joined.starts_with("TPT") {
        return Command::Application(joined);
    }
    if joined.starts_with("SGH") {
        return Command::Objection(joined);
    }
    match rest.as_slice() {
        [nik, born] => Command::Person {
            nik: (*nik).to_owned(),
            birth_ddmmyyyy: (*born).to_owned(),
        },
        _ => Command::Help,
    }
}

async fn answer(state: &AppState, message: &Inbound) -> Result<String, AppError> {
    let cek = Cek::of(state);
    let now = state.clock.now();
    let asker = format!("sms:{}", message.from.trim());
    let text = match command(&message.text) {
        Command::Help => reply::HELP.to_owned(),
        Command::Application(code) => {
            if let Err(err) = cek.limits.asker(&asker, now) {
                return Ok(reply::wait(&err));
            }
            reply::application(&state.db, &code).await?
        }
        Command::Objection(code) => {
            if let Err(err) = cek.limits.asker(&asker, now) {
                return Ok(reply::wait(&err));
            }
            reply::objection(&state.db, &code).await?
        }
        Command::Person {
            nik,
            birth_ddmmyyyy,
        } => {
            let Some(lookup) = reply::person_lookup(&nik, &birth_ddmmyyyy) else {
                return Ok(reply::BAD_NIK.to_owned());
            };
            if let Err(err) = lookup::count(&cek.limits, &asker, &lookup, now) {
                return Ok(reply::wait(&err));
            }
            let copy = cek.keeper.get(&state.db, now).await?;
            let found = lookup::answer(&copy.value, &lookup);
            reply::person(&copy.value, found.first())
        }
    };
    Ok(reply::one_sms(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_in_any_case_and_spacing() {
        assert_eq!(
            command("cek  tpt-7kq2 m9xd3a"),
            Command::Application("TPT-7KQ2M9XD3A".into())
        );
        assert_eq!(
            command("CEK SGH-AB12CD34"),
            Command::Objection("SGH-AB12CD34".into())
        );
        assert_eq!(
            command(" Cek 3175074101850001 01011985 "),
            Command::Person {
                nik: "3175074101850001".into(),
                birth_ddmmyyyy: "01011985".into()
            }
        );
        for text in [
            "",
            "HALO",
            "CEK",
            "CEK 3175074101850001",
            "CEKTPT-1",
            "INFO TPT-1",
        ] {
            assert_eq!(command(text), Command::Help, "{text}");
        }
        assert_eq!(command(&"CEK ".repeat(200)), Command::Help);
    }

    #[test]
    fn only_the_right_key_over_the_same_body_signs() {
        let body = br#"{"from":"0812","text":"CEK"}"#;
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"kunci").expect("key");
        mac.update(body);
        let good = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert!(signed(b"kunci", body, Some(&good)));
        assert!(!signed(b"kunci-lain", body, Some(&good)));
        assert!(!signed(b"kunci", b"{}", Some(&good)));
        assert!(!signed(
            b"kunci",
            body,
            Some(good.trim_start_matches("sha256="))
        ));
        assert!(!signed(b"kunci", body, Some("sha256=zz")));
        assert!(!signed(b"kunci", body, None));
    }
}
