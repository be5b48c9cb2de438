//! The rules of donations as pure functions: reading a need and a pledge at the edge, what
//! is still open, the declared value of part of a goods need, and pledge references.

use time::Date;

use super::{CATEGORIES, CONSENT_METHODS, GOODS, MERCHANT, MONEY, TRANSFER, VILLAGE_OFFICE};
use crate::text::Lines;
use crate::web::form::FieldRule;
use crate::web::i18n::{Lang, Localized};

/// The longest description of what is needed: one line a list can show.
pub const DESCRIPTION_CHARS_MAX: usize = 200;
/// The longest account of a household's situation: a few sentences, never a file.
pub const SITUATION_CHARS_MAX: usize = 1_000;
/// The longest unit of goods (`paket`, `kg`, `buah`).
pub const UNIT_CHARS_MAX: usize = 20;
/// The longest consent or confirmation note.
pub const NOTE_CHARS_MAX: usize = 500;
/// The largest amount one need asks: a household's need, not a programme's budget.
pub const NEED_RUPIAH_MAX: i64 = 100_000_000;
/// The largest quantity of goods one need asks.
pub const QUANTITY_MAX: i64 = 10_000;
/// How far ahead a deadline may lie.
pub const DEADLINE_DAYS_MAX: i64 = 366;
/// Days a donor has to pay or deliver a pledge before it is chased.
pub const PLEDGE_DUE_DAYS: i64 = 7;

fn rule(field: &'static str, rule: &'static str, en: &str, id: &str) -> FieldRule {
    FieldRule::new(field, rule, en, id)
}

/// A need as typed, before it is read.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationNeedInput)]
pub struct NeedInput {
    /// The household in the registry (an active one of the poster's region).
    pub household_id: i64,
    /// `money` or `goods`.
    pub kind: String,
    /// One of `food`, `education`, `health`, `housing`, `livelihood`, `disability`, `other`.
    pub category: String,
    /// What is needed, in one line.
    pub description: String,
    /// Goods only: how many.
    pub quantity: Option<i64>,
    /// Goods only: the unit (`paket`, `kg`).
    pub unit: Option<String>,
    /// Money: the amount asked. Goods: the declared value of the whole quantity.
    pub amount_rupiah: i64,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    /// The household's situation in words, without names or numbers that identify it.
    pub situation: String,
    /// The household's consent, required before the need opens.
    pub consent: Option<ConsentInput>,
}

/// How and when the household agreed.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = DonationConsentInput)]
pub struct ConsentInput {
    /// `signed_form`, `thumbprint` or `witnessed_verbal`.
    pub method: String,
    /// Who witnessed it, where the signed form is kept.
    #[serde(default)]
    pub note: String,
}

/// A need, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedDraft {
    pub household_id: i64,
    pub kind: &'static str,
    pub category: &'static str,
    pub description: String,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub amount_rupiah: i64,
    pub deadline: Date,
    pub situation: String,
}

/// A consent, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDraft {
    pub method: &'static str,
    pub note: String,
}

/// Reads text of at most `max` characters; `required` refuses an empty one.
fn text(
    field: &'static str,
    value: &str,
    lines: Lines,
    max: usize,
    required: bool,
) -> Result<String, FieldRule> {
    let cleaned = crate::text::clean(value, lines).map_err(|e| {
        rule(
            field,
            e.rule(),
            &e.localized(Lang::En),
            &e.localized(Lang::Id),
        )
    })?;
    if required && cleaned.is_empty() {
        return Err(rule(field, "required", "is required", "wajib diisi"));
    }
    if cleaned.chars().count() > max {
        return Err(rule(
            field,
            "length",
            &format!("is longer than {max} characters"),
            &format!("lebih dari {max} karakter"),
        ));
    }
    Ok(cleaned)
}

fn choice(
    field: &'static str,
    value: &str,
    table: &[(&'static str, &str, &str)],
) -> Result<&'static str, FieldRule> {
    let value = value.trim();
    table
        .iter()
        .find(|(code, _, _)| *code == value)
        .map(|(code, _, _)| *code)
        .ok_or_else(|| {
            let codes: Vec<&str> = table.iter().map(|(c, _, _)| *c).collect();
            rule(
                field,
                "choice",
                &format!("must be one of {}", codes.join(", ")),
                &format!("harus salah satu dari {}", codes.join(", ")),
            )
        })
}

/// Reads the consent that must come with a new need.
pub fn parse_consent(consent: Option<&ConsentInput>) -> Result<ConsentDraft, FieldRule> {
    let Some(consent) = consent else {
        return Err(rule(
            "consent",
            "required",
            "the household's consent must be recorded before its need is posted",
            "persetujuan keluarga wajib dicatat sebelum kebutuhannya diumumkan",
        ));
    };
    Ok(ConsentDraft {
        method: choice("consent.method", &consent.method, &CONSENT_METHODS)?,
        note: text(
            "consent.note",
            &consent.note,
            Lines::Many,
            NOTE_CHARS_MAX,
            false,
        )?,
    })
}

/// A stored `YYYY-MM-DD` date.
pub fn parse_day(stored: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(stored.trim(), &format).ok()
}

/// Reads a deadline: a date after `today` and at most `DEADLINE_DAYS_MAX` days ahead.
pub fn parse_deadline(value: &str, today: Date) -> Result<Date, FieldRule> {
    let day = parse_day(value).ok_or_else(|| {
        rule(
            "deadline",
            "date",
            "must be a date written YYYY-MM-DD",
            "harus tanggal dengan format TTTT-BB-HH",
        )
    })?;
    let days = (day - today).whole_days();
    if !(1..=DEADLINE_DAYS_MAX).contains(&days) {
        return Err(rule(
            "deadline",
            "range",
            &format!("must lie between tomorrow and {DEADLINE_DAYS_MAX} days ahead"),
            &format!("harus antara besok dan {DEADLINE_DAYS_MAX} hari ke depan"),
        ));
    }
    Ok(day)
}

fn amount(value: i64) -> Result<i64, FieldRule> {
    if !(1..=NEED_RUPIAH_MAX).contains(&value) {
        return Err(rule(
            "amount_rupiah",
            "range",
            &format!("must be 1 to {NEED_RUPIAH_MAX} rupiah"),
            &format!("harus 1 sampai {NEED_RUPIAH_MAX} rupiah"),
        ));
    }
    Ok(value)
}

/// Reads a need; the first broken rule names its field.
pub fn parse_need(input: &NeedInput, today: Date) -> Result<NeedDraft, FieldRule> {
    let kind = choice("kind", &input.kind, &[(MONEY, "", ""), (GOODS, "", "")])?;
    let category = choice("category", &input.category, &CATEGORIES)?;
    let description = text(
        "description",
        &input.description,
        Lines::One,
        DESCRIPTION_CHARS_MAX,
        true,
    )?;
    let (quantity, unit) = if kind == GOODS {
        let quantity = input.quantity.filter(|q| (1..=QUANTITY_MAX).contains(q));
        let quantity = quantity.ok_or_else(|| {
            rule(
                "quantity",
                "range",
                &format!("goods need a quantity of 1 to {QUANTITY_MAX}"),
                &format!("barang perlu jumlah 1 sampai {QUANTITY_MAX}"),
            )
        })?;
        let unit = input.unit.as_deref().unwrap_or_default();
        let unit = text("unit", unit, Lines::One, UNIT_CHARS_MAX, true)?;
        (Some(quantity), Some(unit))
    } else {
        (None, None)
    };
    Ok(NeedDraft {
        household_id: input.household_id,
        kind,
        category,
        description,
        quantity,
        unit,
        amount_rupiah: amount(input.amount_rupiah)?,
        deadline: parse_deadline(&input.deadline, today)?,
        situation: text(
            "situation",
            &input.situation,
            Lines::Many,
            SITUATION_CHARS_MAX,
            true,
        )?,
    })
}

/// What a need has been promised and what is still open, over pledges not released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub pledged_rupiah: i64,
    pub pledged_quantity: i64,
}

impl Progress {
    pub fn open_rupiah(&self, need_rupiah: i64) -> i64 {
        (need_rupiah - self.pledged_rupiah).max(0)
    }

    /// Percent pledged, 0 to 100, for a progress bar.
    pub fn percent(&self, need_rupiah: i64) -> i64 {
        if need_rupiah <= 0 {
            return 0;
        }
        (self.pledged_rupiah.saturating_mul(100) / need_rupiah).clamp(0, 100)
    }
}

/// The pledge a donor asks for: money in rupiah, or a quantity of goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Money(i64),
    Goods(i64),
}

/// The amount in rupiah a pledge moves in the ledger: the money itself, or the goods'
/// share of the need's declared value (the last share takes whatever rounding left, so
/// the shares add up to the need's value exactly). Refused when more than is still open.
pub fn pledge_value(
    need_rupiah: i64,
    need_quantity: Option<i64>,
    progress: Progress,
    offer: Offer,
) -> Result<i64, FieldRule> {
    let open = progress.open_rupiah(need_rupiah);
    match (offer, need_quantity) {
        (Offer::Money(amount), None) => {
            if amount < 1 {
                return Err(rule(
                    "amount_rupiah",
                    "range",
                    "must be at least 1 rupiah",
                    "paling sedikit 1 rupiah",
                ));
            }
            if amount > open {
                return Err(too_much("amount_rupiah", open, "rupiah"));
            }
            Ok(amount)
        }
        (Offer::Goods(quantity), Some(total)) => {
            let open_quantity = (total - progress.pledged_quantity).max(0);
            if quantity < 1 {
                return Err(rule(
                    "quantity",
                    "range",
                    "must be at least 1",
                    "paling sedikit 1",
                ));
            }
            if quantity > open_quantity {
                return Err(too_much("quantity", open_quantity, ""));
            }
            if quantity == open_quantity {
                return Ok(open);
            }
            Ok((need_rupiah.saturating_mul(quantity) / total).max(1))
        }
        (Offer::Money(_), Some(_)) => Err(rule(
            "quantity",
            "required",
            "this need asks for goods: pledge a quantity",
            "kebutuhan ini berupa barang: janjikan jumlahnya",
        )),
        (Offer::Goods(_), None) => Err(rule(
            "amount_rupiah",
            "required",
            "this need asks for money: pledge an amount",
            "kebutuhan ini berupa uang: janjikan nominalnya",
        )),
    }
}

fn too_much(field: &'static str, open: i64, unit: &str) -> FieldRule {
    let shown = crate::web::number::whole(open, Lang::Id);
    rule(
        field,
        "exceeds-need",
        &format!("is more than the need still asks ({open} {unit})"),
        &format!("melebihi sisa kebutuhan ({shown} {unit})"),
    )
}

/// Reads a channel for a need of `kind`: money only by non-cash transfer; goods through the
/// village office or a registered merchant (whose id must then be given).
pub fn parse_channel(
    kind: &str,
    channel: &str,
    merchant_id: Option<i64>,
) -> Result<&'static str, FieldRule> {
    let channel = channel.trim();
    match (kind, channel) {
        (MONEY, TRANSFER) => Ok(TRANSFER),
        (MONEY, _) => Err(rule(
            "channel",
            "non-cash",
            "money is given only by transfer into the need's account; no cash",
            "uang hanya diberikan lewat transfer ke rekening kebutuhan; tidak tunai",
        )),
        (_, VILLAGE_OFFICE) => Ok(VILLAGE_OFFICE),
        (_, MERCHANT) if merchant_id.is_some() => Ok(MERCHANT),
        (_, MERCHANT) => Err(rule(
            "merchant_id",
            "required",
            "name the registered merchant that delivers",
            "sebutkan e-warong terdaftar yang mengantar",
        )),
        _ => Err(rule(
            "channel",
            "choice",
            "goods go through the village_office or a merchant",
            "barang lewat kantor desa (village_office) atau e-warong (merchant)",
        )),
    }
}

/// Reads a consent or confirmation note: optional, plain text, bounded.
pub fn parse_note(value: &str) -> Result<String, FieldRule> {
    text("note", value, Lines::Many, NOTE_CHARS_MAX, false)
}

/// A fresh pledge reference, `DON-` and ten letters and digits that cannot be misread: the
/// donor writes it in the transfer's message and the bank's notice carries it back.
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let raw: [u8; 10] = rand::random();
    let code: String = raw
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("DON-{code}")
}

/// A reference as a bank may send it: trimmed, upper case, spaces dropped.
pub fn normalise_reference(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests;
