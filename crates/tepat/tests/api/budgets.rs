//! Budgets through the API on a real server: a line planned and funded in the ledger, an
//! allocation submitted by one official and approved by another (never by its maker, never
//! twice, never past what the line has left), each refusal naming its field and rule, and
//! the ledger checking out afterwards.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::proposals::official;

fn rule(problem: &Value) -> String {
    format!(
        "{}/{}",
        problem["errors"][0]["field"].as_str().unwrap_or(""),
        problem["errors"][0]["rule"].as_str().unwrap_or("")
    )
}

fn line(source: &str, amount: i64) -> Value {
    json!({"programme": "PKH", "year": 2027, "source": source, "amount": amount,
           "purpose": "Bantuan PKH tahun 2027"})
}

#[tokio::test]
async fn a_line_is_allocated_by_one_official_and_approved_by_another_with_the_money_in_the_ledger()
{
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let (_, province) = official(&app, "dinsos.dki", "province_officer", Some("31")).await;
    let (_, bandung) = official(&app, "dinsos.jabar", "province_officer", Some("32")).await;

    let (status, created) = maker
        .post("/api/v1/budgets", line("APBN", 10_000_000_000))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["available"], 10_000_000_000_i64);
    assert_eq!(created["account"], "budget:PKH:2027:APBN:national");
    let (status, again) = checker.post("/api/v1/budgets", line("APBN", 5)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(rule(&again), "year/unique");
    let (status, refused) = province.post("/api/v1/budgets", line("APBN", 5)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rule(&refused), "source/national");
    let (status, regional) = province
        .post("/api/v1/budgets", line("APBD", 500_000_000))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{regional}");
    assert_eq!(regional["region_code"], "31");

    let allocations = format!("/api/v1/budgets/{id}/allocations");
    let dki = json!({"region": "31", "amount": 6_000_000_000_i64, "note": "PKH DKI tahap 1"});
    let (status, submitted) = maker.post(&allocations, dki).await;
    assert_eq!(status, StatusCode::CREATED, "{submitted}");
    assert_eq!(submitted["status"], "submitted");
    let allocation = submitted["id"].as_i64().unwrap();
    let approve = format!("/api/v1/budget-allocations/{allocation}/approve");

    let (status, own) = maker.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{own}");
    assert_eq!(rule(&own), "checker/four_eyes");
    let (status, outside) = bandung.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{outside}");
    let (status, approved) = checker.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["checker"]["role"], "ministry_officer");
    assert_eq!(approved["transfer_id"], format!("allocation:{allocation}"));
    let (status, twice) = province.post(&approve, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{twice}");
    assert_eq!(rule(&twice), "status/submitted");

    let (status, detail) = province.get(&format!("/api/v1/budgets/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["line"]["allocated"], 6_000_000_000_i64);
    assert_eq!(detail["line"]["available"], 4_000_000_000_i64);
    assert_eq!(
        detail["allocations"][0]["maker"]["role"],
        "ministry_officer"
    );
    let (_, hidden) = bandung.get(&format!("/api/v1/budgets/{id}")).await;
    assert_eq!(
        hidden["allocations"],
        json!([]),
        "allocations outside scope stay hidden"
    );

    let balance: i64 = sqlx::query_scalar(
        "SELECT credits_posted FROM ledger_accounts WHERE code = 'allocation:1:31'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(balance, 6_000_000_000);
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    assert_eq!(report.transfers, 3, "two fundings and one allocation");
}

#[tokio::test]
async fn an_allocation_past_what_the_line_has_left_is_refused_with_the_shortfall_and_changes_nothing()
 {
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let (_, created) = maker.post("/api/v1/budgets", line("APBN", 4_000_000)).await;
    let allocations = format!("/api/v1/budgets/{}/allocations", created["id"]);

    let (status, over) = maker
        .post(
            &allocations,
            json!({"region": "31", "amount": 5_000_000, "note": "Terlalu besar"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{over}");
    assert_eq!(rule(&over), "amount/exceeds_budget");
    assert!(over.to_string().contains("short by Rp1,000,000"), "{over}");

    // Two allocations that each fit, but not both: the second approval is refused.
    let mut ids = Vec::new();
    for region in ["31", "32"] {
        let body = json!({"region": region, "amount": 3_000_000, "note": "Tahap pertama"});
        let (status, submitted) = maker.post(&allocations, body).await;
        assert_eq!(status, StatusCode::CREATED, "{submitted}");
        ids.push(submitted["id"].as_i64().unwrap());
    }
    let approve = |id: i64| format!("/api/v1/budget-allocations/{id}/approve");
    let (status, _) = checker.post(&approve(ids[0]), json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, short) = checker.post(&approve(ids[1]), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{short}");
    assert_eq!(rule(&short), "amount/exceeds_budget");
    assert!(
        short.to_string().contains("short by Rp2,000,000"),
        "{short}"
    );
    let (_, still) = checker
        .get(&format!("/api/v1/budgets/{}", created["id"]))
        .await;
    let second = still["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == ids[1])
        .unwrap();
    assert_eq!(second["status"], "submitted", "nothing half-written");
    assert_eq!(still["line"]["available"], 1_000_000);

    let reject = format!("/api/v1/budget-allocations/{}/reject", ids[1]);
    let (status, bare) = checker.post(&reject, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bare}");
    assert_eq!(rule(&bare), "note/length");
    let (status, rejected) = checker
        .post(&reject, json!({"note": "Pagu tidak cukup"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["status"], "rejected");
}

#[tokio::test]
async fn bad_budget_input_names_the_field_and_the_rule() {
    let app = TestApp::spawn().await;
    let (_, ministry) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, district) = official(&app, "dinsos.jaktim", "district_officer", Some("31.75")).await;
    let cases = [
        (
            json!({"programme": "PKH", "year": 2027, "source": "APBN", "amount": -5, "purpose": "Bantuan"}),
            "amount/range",
        ),
        (
            json!({"programme": "PKH", "year": 2027, "source": "APBN", "amount": 0, "purpose": "Bantuan"}),
            "amount/range",
        ),
        (
            json!({"programme": "PKH", "year": 1999, "source": "APBN", "amount": 5, "purpose": "Bantuan"}),
            "year/range",
        ),
        (
            json!({"programme": "PKH", "year": 2027, "source": "HIBAH", "amount": 5, "purpose": "Bantuan"}),
            "source/one_of",
        ),
        (
            json!({"programme": "XYZ", "year": 2027, "source": "APBN", "amount": 5, "purpose": "Bantuan"}),
            "programme/known",
        ),
        (
            json!({"programme": "PKH", "year": 2027, "source": "APBN", "amount": 5, "purpose": "x"}),
            "purpose/length",
        ),
        (
            json!({"programme": "PKH", "year": 2027, "source": "APBD", "amount": 5, "purpose": "Bantuan"}),
            "source/regional",
        ),
    ];
    for (body, expected) in cases {
        let (status, problem) = ministry.post("/api/v1/budgets", body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {problem}"
        );
        assert_eq!(rule(&problem), expected, "{body}");
    }
    let (status, _) = district.post("/api/v1/budgets", line("APBD", 5)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "district officers do not plan budgets"
    );
}

#[tokio::test]
async fn bad_allocation_input_names_the_field_and_the_rule_and_leaves_no_trace() {
    let app = TestApp::spawn().await;
    let (_, ministry) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, created) = ministry.post("/api/v1/budgets", line("APBN", 5_000)).await;
    let allocations = format!("/api/v1/budgets/{}/allocations", created["id"]);
    for (body, expected) in [
        (
            json!({"region": "99.99", "amount": 5, "note": "Tahap 1"}),
            "region/known",
        ),
        (
            json!({"region": "jakarta", "amount": 5, "note": "Tahap 1"}),
            "region/region_code",
        ),
        (
            json!({"region": "31", "amount": 5, "note": "x"}),
            "note/length",
        ),
    ] {
        let (status, problem) = ministry.post(&allocations, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {problem}"
        );
        assert_eq!(rule(&problem), expected, "{body}");
    }
    let unknown = ministry
        .post("/api/v1/budgets", json!({"programme": "PKH", "amount": 5}))
        .await;
    assert_eq!(unknown.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.1);
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE action LIKE 'budget.%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(events, 1, "only the one good line left a trace");
}

#[tokio::test]
async fn two_checkers_approving_the_same_allocation_at_once_leave_one_approval() {
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, first) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let (_, second) = official(&app, "kemensos.c", "ministry_officer", None).await;
    let (_, created) = maker.post("/api/v1/budgets", line("APBN", 9_000)).await;
    let (_, submitted) = maker
        .post(
            &format!("/api/v1/budgets/{}/allocations", created["id"]),
            json!({"region": "31", "amount": 6_000, "note": "Tahap pertama"}),
        )
        .await;
    let approve = format!("/api/v1/budget-allocations/{}/approve", submitted["id"]);
    let (a, b) = tokio::join!(
        first.post(&approve, json!({})),
        second.post(&approve, json!({}))
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} {}",
        a.1,
        b.1
    );
    let moved: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transfers WHERE code = 'allocate'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(moved, 1);
    let report = tepat::ledger::check::check(&app.db).await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

#[tokio::test]
async fn the_budget_pages_plan_allocate_and_approve_in_bahasa_without_javascript() {
    let app = TestApp::spawn().await;
    app.add_account("kemensos.a", "ministry_officer", None)
        .await;
    app.add_account("kemensos.b", "ministry_officer", None)
        .await;
    app.login("kemensos.a").await;
    let list = app.text("/anggaran").await;
    assert!(list.contains("Belum ada pagu."), "{list}");

    let bad = app
        .post_form(
            "/anggaran",
            "/anggaran",
            &[
                ("programme", "PKH"),
                ("year", "2027"),
                ("source", "APBN"),
                ("amount", "sepuluh"),
                ("purpose", "Bantuan PKH 2027"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("harus bilangan bulat"), "{html}");
    assert!(
        html.contains("value=\"Bantuan PKH 2027\""),
        "what was typed is kept"
    );
    assert_eq!(app.count("budget_lines").await, 0);

    let created = app
        .post_form(
            "/anggaran",
            "/anggaran",
            &[
                ("programme", "PKH"),
                ("year", "2027"),
                ("source", "APBN"),
                ("amount", "2.000.000.000"),
                ("purpose", "Bantuan PKH 2027"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let line = created.headers()["location"].to_str().unwrap().to_owned();
    let page = app.text(&line).await;
    assert!(page.contains("Rp2.000.000.000"), "{page}");
    let submitted = app
        .post_form(
            &line,
            &format!("{line}/alokasi"),
            &[
                ("region", "31.75"),
                ("amount", "750.000.000"),
                ("note", "PKH Jakarta Timur"),
            ],
        )
        .await;
    assert_eq!(submitted.status(), 303);
    let page = app.text(&line).await;
    assert!(
        page.contains("Anda yang mengajukan; petugas lain yang memutuskan."),
        "{page}"
    );
    assert!(
        !page.contains("/setujui\""),
        "the maker gets no approve button"
    );

    approve_on_the_page(&app, &line).await;
}

/// Another ministry officer signs in and approves the waiting allocation on `line`.
async fn approve_on_the_page(app: &TestApp, line: &str) {
    let checker = TestApp::new_client();
    app.login_with(&checker, "kemensos.b", crate::common::PASSWORD)
        .await;
    let csrf = app.csrf_with(&checker, line).await;
    let page = checker
        .get(app.url(line))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let action = page
        .split("action=\"")
        .find_map(|rest| rest.split('"').next().filter(|a| a.ends_with("/setujui")))
        .expect("an approve button for the checker")
        .to_owned();
    let approved = checker
        .post(app.url(&action))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 303);
    let page = checker
        .get(app.url(line))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Disetujui"), "{page}");
    assert!(page.contains("Rp1.250.000.000"), "what is left: {page}");
}

#[tokio::test]
async fn an_allocation_s_transfer_is_provable_inside_the_batch_its_log_entry_commits_to() {
    let app = TestApp::spawn().await;
    let (_, maker) = official(&app, "kemensos.a", "ministry_officer", None).await;
    let (_, checker) = official(&app, "kemensos.b", "ministry_officer", None).await;
    let (_, auditor) = official(&app, "inspektorat", "auditor", None).await;
    let (_, created) = maker.post("/api/v1/budgets", line("APBN", 9_000)).await;
    let (_, submitted) = maker
        .post(
            &format!("/api/v1/budgets/{}/allocations", created["id"]),
            json!({"region": "31", "amount": 4_000, "note": "Tahap pertama"}),
        )
        .await;
    let approve = format!("/api/v1/budget-allocations/{}/approve", submitted["id"]);
    assert_eq!(checker.post(&approve, json!({})).await.0, StatusCode::OK);

    let path = format!("/api/v1/ledger/transfers/allocation:{}", submitted["id"]);
    let (status, found) = auditor.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["transfer"]["amount"], 4_000);
    assert_eq!(found["debit_account"], "budget:PKH:2027:APBN:national");
    assert_eq!(found["credit_account"], "allocation:1:31");
    let text = found["leaf_text"].as_str().unwrap();
    assert!(text.contains("amount 4000\n"), "{text}");
    let hash = |hex_text: &Value| {
        tlog::Hash::from_slice(&hex::decode(hex_text.as_str().unwrap()).unwrap()).unwrap()
    };
    let proof: Vec<tlog::Hash> = found["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(hash)
        .collect();
    let root = hash(&found["root"]);
    let leaf = tlog::leaf_hash(text.as_bytes());
    let (index, size) = (
        found["index"].as_u64().unwrap(),
        found["size"].as_u64().unwrap(),
    );
    assert!(tlog::verify_inclusion(&leaf, index, size, &proof, &root).is_ok());
    let forged = tlog::leaf_hash(text.replace("4000", "40000").as_bytes());
    assert!(tlog::verify_inclusion(&forged, index, size, &proof, &root).is_err());

    let event = found["transfer"]["event_id"].as_i64().unwrap();
    let changes: String = sqlx::query_scalar("SELECT changes FROM events WHERE id = $1")
        .bind(event)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let changes: Value = serde_json::from_str(&changes).unwrap();
    assert_eq!(
        changes["ledger_root"]["to"], found["root"],
        "the event commits to the root"
    );
    let (status, _) = auditor.get("/api/v1/ledger/transfers/tidak-ada").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
