use super::*;
use crate::targeting::model::Model;

/// A sample whose consumption follows the shipped model exactly, from varied answers.
fn sample_csv(rows: usize, consumption: impl Fn(usize, f64) -> String) -> String {
    let floors = ["tanah", "bambu", "kayu", "semen", "keramik"];
    let fuels = [
        "kayu_bakar",
        "minyak_tanah",
        "elpiji_3kg",
        "elpiji",
        "listrik",
    ];
    let model = Model::shipped().expect("shipped");
    let mut csv = String::from(
        "region_code,floor_material,cooking_fuel,owns_motorbike,electricity_va,\
         household_size,children_under_15,consumption_per_capita_rupiah\n",
    );
    for i in 0..rows {
        let floor = floors[i % 5];
        let fuel = fuels[(i / 5) % 5];
        let motorbike = if (i / 25) % 2 == 0 { "ya" } else { "tidak" };
        let va = [450, 900, 1300][(i / 50) % 3];
        let size = 1 + (i / 7) % 6;
        let children = (i / 3) % size.min(3);
        let line_head = format!("31.75,{floor},{fuel},{motorbike},{va},{size},{children}");
        let (survey, _) = Survey::parse(|name| match name {
            "floor_material" => Some(floor.to_owned()),
            "cooking_fuel" => Some(fuel.to_owned()),
            "owns_motorbike" => Some(motorbike.to_owned()),
            "electricity_va" => Some(va.to_string()),
            _ => None,
        });
        let people = Composition {
            members: size as u32,
            children_under_15: children as u32,
            elderly_60_plus: 0,
        };
        let score = model.base.score(&Profile::new(&survey, people));
        csv.push_str(&format!("{line_head},{}\n", consumption(i, score)));
    }
    csv
}

fn read(csv: &str) -> Result<Vec<SampleRow>, TargetingError> {
    read_sample(Source::csv_bytes(csv.as_bytes()).expect("csv"))
}

fn field_of(err: TargetingError) -> (String, String, String) {
    match err {
        TargetingError::Invalid(f) => (f.field, f.rule, f.message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn least_squares_solves_a_small_exact_system() {
    // y = 2 + 3a - b
    let rows: Vec<Vec<f64>> = (0..20)
        .map(|i| vec![1.0, f64::from(i % 5), f64::from(i % 3)])
        .collect();
    let y: Vec<f64> = rows.iter().map(|r| 2.0 + 3.0 * r[1] - r[2]).collect();
    let beta = least_squares(&rows, &y).expect("solvable");
    for (found, want) in beta.iter().zip([2.0, 3.0, -1.0]) {
        assert!((found - want).abs() < 1e-3, "{beta:?}");
    }
    assert!(least_squares(&[], &[]).is_none());
}

#[test]
fn a_fit_recovers_the_weights_that_made_the_sample() {
    let csv = sample_csv(600, |_, score| format!("{:.0}", score.exp()));
    let rows = read(&csv).expect("sample reads");
    let fitted = fit(&rows, "Uji", "province", 4).expect("fit");
    assert!(fitted.r_squared > 0.999, "{}", fitted.r_squared);
    assert!(fitted.inclusion_error < 0.05 && fitted.exclusion_error < 0.05);
    let model = Model::from_json(fitted.model.clone()).expect("the fit is a valid model");
    let Weight::PerChoice(floor) = &model.base.weights[1] else {
        panic!("floor is a choice")
    };
    assert!((floor[4] - 0.22).abs() < 0.01, "keramik {floor:?}");
    assert_eq!(floor[0], 0.0, "the poorest answer keeps weight 0");
    assert!(
        fitted.provinces.is_empty(),
        "600 rows are too few for a province of its own"
    );
}

#[test]
fn noise_lowers_r_squared_and_raises_targeting_errors() {
    let csv = sample_csv(600, |i, score| {
        let noise = [(-0.6_f64), 0.4, -0.2, 0.5, -0.1][i % 5] * if i % 11 < 5 { 1.0 } else { -1.0 };
        format!("{:.0}", (score + noise).exp())
    });
    let fitted = fit(&read(&csv).expect("reads"), "Uji", "province", 4).expect("fit");
    assert!(
        fitted.r_squared < 0.95 && fitted.r_squared > 0.0,
        "{}",
        fitted.r_squared
    );
    assert!(fitted.exclusion_error > 0.0);
}

#[test]
fn bad_samples_are_refused_naming_the_field_and_the_rule() {
    let few = sample_csv(ROWS_MIN - 1, |_, s| format!("{:.0}", s.exp()));
    let (field, rule, _) = field_of(read(&few).expect_err("too few"));
    assert_eq!((field.as_str(), rule.as_str()), ("file", "rows"));

    let zero = sample_csv(300, |i, s| {
        if i == 7 {
            "0".into()
        } else {
            format!("{:.0}", s.exp())
        }
    });
    let (field, rule, message) = field_of(read(&zero).expect_err("zero consumption"));
    assert_eq!((field.as_str(), rule.as_str()), (CONSUMPTION, "positive"));
    assert!(message.contains("row 9"), "{message}");

    let text = sample_csv(300, |i, s| {
        if i == 0 {
            "banyak".into()
        } else {
            format!("{:.0}", s.exp())
        }
    });
    assert_eq!(field_of(read(&text).expect_err("text")).1, "positive");

    let missing = sample_csv(300, |_, s| format!("{:.0}", s.exp())).replacen(
        ",consumption_per_capita_rupiah",
        ",pengeluaran",
        1,
    );
    let (field, rule, _) = field_of(read(&missing).expect_err("missing column"));
    assert_eq!((field.as_str(), rule.as_str()), (CONSUMPTION, "required"));

    let bad_floor =
        sample_csv(300, |_, s| format!("{:.0}", s.exp())).replacen(",tanah,", ",marmer,", 1);
    assert_eq!(
        field_of(read(&bad_floor).expect_err("bad answer")).0,
        "floor_material"
    );

    let rows = read(&sample_csv(300, |_, s| format!("{:.0}", s.exp()))).expect("reads");
    assert_eq!(
        field_of(fit(&rows, "Uji", "province", 0).expect_err("cutoff")).0,
        "cutoff"
    );
}
