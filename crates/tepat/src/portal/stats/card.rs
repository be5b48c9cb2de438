//! The statistics page's share card picture (`/statistik/kartu.png?wilayah=CODE`): the
//! region, its households and persons registered and its recipients per programme, from
//! the same protected tables as the page, so a small count is hidden on the card too.

use super::keeper::Copy;
use super::protect::SMALL_MAX;
use super::tables;
use crate::web::card::Card;
use crate::web::i18n::Lang;

/// A hidden count, as the page shows it.
const HIDDEN: &str = "< 5";

fn count(n: i64) -> String {
    if (1..=SMALL_MAX).contains(&n) {
        HIDDEN.to_owned()
    } else {
        crate::web::number::whole(n, Lang::Id)
    }
}

/// The card of `region` (`""`: the whole country) named `name`.
pub fn card(copy: &Copy, (region, name): (&str, &str), site: &str) -> Card {
    let f = copy.of(region);
    // Each programme's row total (the table's last column), as published.
    let lines = tables::table(copy, (region, name), "penerima", Lang::Id)
        .map(|t| t.lines)
        .unwrap_or_default();
    let shown = |cell: Option<i64>| cell.map_or_else(|| HIDDEN.to_owned(), count);
    let bars = lines
        .iter()
        .filter(|l| !l.total)
        .map(|l| {
            let cell = l.cells.last().copied().flatten();
            (l.words.join(" · "), shown(cell), cell.unwrap_or(0) as f64)
        })
        .collect();
    let enrolled = lines.iter().find(|l| l.total).map_or_else(
        || "0".to_owned(),
        |l| shown(l.cells.last().copied().flatten()),
    );
    Card {
        kind: "Statistik bansos".into(),
        title: name.to_owned(),
        figures: vec![
            (count(f.households), "keluarga terdaftar".into()),
            (count(f.persons), "penduduk terdaftar".into()),
            (enrolled, "kepesertaan aktif".into()),
        ],
        bars,
        site: site.to_owned(),
    }
}
