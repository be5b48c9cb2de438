//! The words rendering, in both languages.

use super::compile;
use crate::{Lang, missing_value_note};

fn id(source: &str) -> String {
    compile(source).words(Lang::Id)
}

fn en(source: &str) -> String {
    compile(source).words(Lang::En)
}

#[test]
fn the_programme_page_example_reads_as_the_product_asks() {
    let source = "desil <= 4 and any(member, age < 6 or pregnant) and not enrolled(\"KJP_PLUS\")";
    assert_eq!(
        id(source),
        "desil kesejahteraan paling tinggi 4, dan ada anggota keluarga yang berumur di bawah 6 \
         tahun atau sedang hamil, dan tidak terdaftar di KJP Plus"
    );
    assert_eq!(
        en(source),
        "welfare decile at most 4, and some household member is aged under 6 years or \
         pregnant, and not enrolled in KJP Plus"
    );
}

#[test]
fn counts_read_as_quantities() {
    let source = "count(member, age >= 60) >= 1 and in_region(\"31.75\")";
    assert_eq!(
        id(source),
        "ada paling sedikit 1 anggota keluarga yang berumur paling rendah 60 tahun, dan \
         tinggal di wilayah 31.75"
    );
    assert_eq!(
        en(source),
        "at least 1 household member is aged at least 60 years, and lives in region 31.75"
    );
    assert_eq!(
        id("count(member, pregnant) = 0"),
        "tidak ada anggota keluarga yang sedang hamil"
    );
    assert_eq!(
        id("count(member) > 5"),
        "jumlah anggota keluarga lebih dari 5 orang"
    );
    assert_eq!(
        en("count(member, disabled) >= 2"),
        "at least 2 household members are disabled"
    );
    assert_eq!(
        id("count(member, disabled) != desil"),
        "jumlah anggota keluarga yang penyandang disabilitas tidak sama dengan desil kesejahteraan"
    );
}

#[test]
fn numbers_use_each_languages_separators_and_units() {
    assert_eq!(
        id("income < 1500000"),
        "penghasilan per bulan di bawah 1.500.000 rupiah"
    );
    assert_eq!(
        en("income < 1500000"),
        "monthly income under 1,500,000 rupiah"
    );
    assert_eq!(id("desil > 2.5"), "desil kesejahteraan di atas 2,5");
    assert_eq!(id("4 >= desil"), "desil kesejahteraan paling tinggi 4");
    assert_eq!(id("desil = -1"), "desil kesejahteraan sama dengan -1");
}

#[test]
fn text_booleans_and_lists() {
    assert_eq!(id("roof = \"seng\""), "jenis atap adalah “seng”");
    assert_eq!(en("roof != \"seng\""), "roof type is not “seng”");
    assert_eq!(id("has_land = false"), "tidak memiliki lahan");
    assert_eq!(id("has_land != false"), "memiliki lahan");
    assert_eq!(en("not has_land"), "not owns land");
    assert_eq!(
        id("desil in [1, 2]"),
        "desil kesejahteraan salah satu dari 1, 2"
    );
    assert_eq!(
        id("all(member, not disabled)"),
        "semua anggota keluarga tidak penyandang disabilitas"
    );
    assert_eq!(
        id("not any(member, pregnant)"),
        "tidak ada anggota keluarga yang sedang hamil"
    );
}

#[test]
fn nested_and_or_are_bracketed_and_negations_of_phrases_say_so() {
    assert_eq!(
        id("desil <= 2 or (desil <= 4 and has_land)"),
        "desil kesejahteraan paling tinggi 2, atau (desil kesejahteraan paling tinggi 4 dan \
         memiliki lahan)"
    );
    assert_eq!(
        id("not (desil <= 4 or has_land)"),
        "tidak benar bahwa (desil kesejahteraan paling tinggi 4 atau memiliki lahan)"
    );
    assert_eq!(
        en("not desil <= 4"),
        "it is not the case that welfare decile at most 4"
    );
    assert_eq!(id("true"), "selalu terpenuhi");
}

#[test]
fn regions_are_named_when_the_caller_knows_them() {
    let rule = compile("in_region(\"31.75\")");
    let names = |code: &str| (code == "31.75").then(|| "Kota Jakarta Timur".to_owned());
    assert_eq!(
        rule.words_with_regions(Lang::Id, &names),
        "tinggal di wilayah Kota Jakarta Timur (31.75)"
    );
}

#[test]
fn the_description_says_what_a_missing_value_does() {
    let rule = compile("desil <= 4");
    assert_eq!(
        rule.description(Lang::Id),
        format!(
            "Desil kesejahteraan paling tinggi 4. {}",
            missing_value_note(Lang::Id)
        )
    );
    assert!(
        rule.description(Lang::En)
            .ends_with("makes any comparison that uses it false.")
    );
}
