//! Choosing a village without knowing its code: province → regency/city → district →
//! village as plain links, or a search by the village's name. Works without JavaScript and
//! without a login, so public forms (self-registration) and officials' forms share it.
//! A page embeds it with `{% include "region_picker.html" %}`, with the picker in a field
//! named `picker`.

use super::{Region, store};
use crate::db::{Db, StoreError};
use crate::region_code::{Level, RegionCode};
use crate::web::i18n::Lang;

/// Most villages a name search shows.
const FOUND_MAX: u32 = 30;
/// Most choices shown at one level; the largest districts have about 60 villages.
const CHOICES_MAX: u32 = 500;
/// Characters of a search taken; fewer than two search nothing.
const QUERY_CHARS_MAX: usize = 80;

/// One step of the choice.
pub struct Picker {
    /// Where the choices link to: `{base}?wilayah=CODE` one level down, `{base}?desa=CODE`
    /// for a village.
    pub base: &'static str,
    /// The regions chosen so far, province first.
    pub trail: Vec<Region>,
    /// The regions to choose from at this step.
    pub choices: Vec<Region>,
    /// The level of `choices`.
    pub choosing: Level,
    /// The search text, as typed (trimmed).
    pub query: String,
    /// Villages whose name matches the search, with where they lie.
    pub found: Option<Vec<Found>>,
    pub lang: Lang,
}

/// A village found by name.
pub struct Found {
    pub village: Region,
    /// `Kec. Duren Sawit, Kota Jakarta Timur, DKI Jakarta`.
    pub place: String,
}

impl Picker {
    /// The step at `at` (a region code; provinces when absent, unknown or malformed; a
    /// village's own district when it is a village, to choose again), with the villages
    /// that match `query`.
    pub async fn open(
        db: &Db,
        base: &'static str,
        at: Option<&str>,
        query: Option<&str>,
        lang: Lang,
    ) -> Result<Self, StoreError> {
        let mut at = at.and_then(|text| RegionCode::parse(text).ok());
        if let Some(code) = at.as_ref().filter(|c| c.level() == Level::Village) {
            at = code.parent();
        }
        let trail = match &at {
            Some(code) => store::lineage(db, code).await?,
            None => Vec::new(),
        };
        let at = trail.last().map(|region| region.code.clone());
        let mut choices = store::children(db, at.as_ref(), None, CHOICES_MAX).await?;
        choices.retain(|region| !region.retired);
        let choosing = match &at {
            None => Level::Province,
            Some(code) => Level::from_number(code.level().number() + 1).unwrap_or(Level::Village),
        };
        let query: String = query
            .unwrap_or_default()
            .trim()
            .chars()
            .take(QUERY_CHARS_MAX)
            .collect();
        let found = if query.chars().count() >= 2 {
            Some(find_villages(db, &query).await?)
        } else {
            None
        };
        Ok(Self {
            base,
            trail,
            choices,
            choosing,
            query,
            found,
            lang,
        })
    }

    /// The link that chooses `region`: one level down, or the village itself.
    pub fn link(&self, region: &Region) -> String {
        let key = if region.level() == Level::Village {
            "desa"
        } else {
            "wilayah"
        };
        format!("{}?{key}={}", self.base, region.code.as_str())
    }

    /// The link back to the start (provinces) or to a region of the trail.
    pub fn back_to(&self, region: Option<&Region>) -> String {
        match region {
            Some(region) => format!("{}?wilayah={}", self.base, region.code.as_str()),
            None => self.base.to_owned(),
        }
    }

    /// Whether the page speaks English.
    pub fn english(&self) -> bool {
        self.lang == Lang::En
    }

    /// "Pilih kecamatan", "Choose a district".
    pub fn heading(&self) -> String {
        let level = self.choosing.label(self.lang);
        match self.lang {
            Lang::Id => format!("Pilih {}", level.to_lowercase()),
            Lang::En => format!("Choose a {}", level.to_lowercase()),
        }
    }
}

/// Villages whose name contains `query`, each with its district, regency and province.
async fn find_villages(db: &Db, query: &str) -> Result<Vec<Found>, StoreError> {
    let villages = store::search_villages(db, query, FOUND_MAX).await?;
    let mut found = Vec::with_capacity(villages.len());
    for village in villages {
        let mut above = store::lineage(db, &village.code).await?;
        above.pop();
        let place = above
            .iter()
            .rev()
            .map(place_name)
            .collect::<Vec<_>>()
            .join(", ");
        found.push(Found { village, place });
    }
    Ok(found)
}

/// A region's name as a place line reads it: districts carry "Kec." in front.
fn place_name(region: &Region) -> String {
    if region.level() == Level::District {
        format!("Kec. {}", region.name)
    } else {
        region.name.clone()
    }
}

/// A village with the places above it, for a form that shows the chosen village:
/// `Klender, Kec. Duren Sawit, Kota Jakarta Timur, DKI Jakarta`.
pub fn full_name(lineage: &[Region]) -> String {
    lineage
        .iter()
        .rev()
        .map(place_name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lineage of a village in force named by `text`, or `None` when `text` is no such
/// village.
pub async fn village(db: &Db, text: &str) -> Result<Option<Vec<Region>>, StoreError> {
    let Ok(code) = RegionCode::parse(text) else {
        return Ok(None);
    };
    if code.level() != Level::Village {
        return Ok(None);
    }
    let lineage = store::lineage(db, &code).await?;
    match lineage.last() {
        Some(region) if region.code == code && !region.retired => Ok(Some(lineage)),
        _ => Ok(None),
    }
}
