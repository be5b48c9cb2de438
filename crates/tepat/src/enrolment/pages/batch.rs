//! One enrolment batch: its lines by outcome, and the approve and reject forms.

use super::*;

/// A line as the batch page shows it.
pub struct LineRow {
    pub l: BatchLine,
    pub name: String,
    pub region: String,
    pub desil: String,
    pub why: String,
}

#[derive(serde::Deserialize)]
pub(super) struct LinesQuery {
    hasil: Option<String>,
    mulai: Option<i64>,
}

#[derive(Template)]
#[template(path = "enrolment_batch.html")]
pub(super) struct BatchPage {
    ctx: PageCtx,
    code: String,
    name: String,
    row: BatchRow,
    outcome: String,
    tabs: Vec<(String, String, i64)>,
    lines: Vec<LineRow>,
    next: Option<i64>,
    can_decide: bool,
    own: bool,
    can_override: bool,
    note: String,
    errors: FormErrors,
}

impl BatchPage {
    fn count(&self, n: &i64) -> String {
        count(n.max(&0).unsigned_abs(), self.ctx.lang)
    }
}

pub(super) fn reason_label(code: &str, lang: Lang) -> String {
    match Reason::parse(code) {
        Some(reason) => {
            let (en, id) = service::held_words(&reason);
            lang.pick(&id, &en)
        }
        None => code.to_owned(),
    }
}

/// The lines as rows: the head's name as the viewer may see it, the village by name, and
/// the reason in words.
pub(super) async fn line_rows(
    state: &AppState,
    me: &Principal,
    found: Vec<BatchLine>,
    lang: Lang,
) -> Result<Vec<LineRow>, AppError> {
    let ids: Vec<i64> = found.iter().map(|l| l.household_id).collect();
    let heads = crate::programmes::store::head_names(&state.db, &ids).await?;
    let redactor = me.redactor();
    let codes: Vec<&str> = found.iter().map(|l| l.region.as_str()).collect();
    let names = region_names(state, &codes).await?;
    Ok(found
        .into_iter()
        .zip(heads)
        .map(|(l, (_, mut name))| {
            redactor.field(crate::auth::Field::Name, &mut name);
            LineRow {
                region: region_label(&l.region, &names, lang),
                desil: l
                    .decile
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
                why: reason_label(&l.reason, lang),
                name,
                l,
            }
        })
        .collect())
}

pub(super) struct BatchForm {
    note: String,
    errors: FormErrors,
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn render_batch(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    id: i64,
    query: &LinesQuery,
    form: BatchForm,
) -> Result<String, AppError> {
    let batch = service::find_batch(&state.db, me, id).await?;
    if batch.programme != code {
        return Err(AppError::NotFound);
    }
    let (programme, _) = crate::programmes::service::find(&state.db, code).await?;
    let lang = ctx.lang;
    let outcome = query
        .hasil
        .as_deref()
        .and_then(Outcome::parse)
        .unwrap_or(Outcome::Selected);
    let offset = query.mulai.unwrap_or(0).max(0);
    let within = me.region.as_ref();
    let mut found = batches::lines(
        &state.db,
        id,
        outcome.code(),
        within,
        offset,
        PAGE_LINES + 1,
    )
    .await?;
    let next = (found.len() as i64 > PAGE_LINES).then_some(offset + PAGE_LINES);
    found.truncate(PAGE_LINES as usize);
    let lines = line_rows(state, me, found, lang).await?;
    let tabs = vec![
        (
            "selected".to_owned(),
            lang.pick("Masuk kuota", "Within the quota"),
            batch.selected,
        ),
        (
            "waiting".to_owned(),
            lang.pick("Menunggu (di luar kuota)", "Waiting (beyond the quota)"),
            batch.waiting,
        ),
        ("held".to_owned(), lang.pick("Ditahan", "Held"), batch.held),
    ];
    let can_decide = service::can_decide(&state.db, me, &batch).await;
    let own = me.actor.kind == ActorKind::Account && me.actor.id == batch.prepared_by;
    let row = batch_rows(state, vec![batch], lang)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let page = BatchPage {
        code: code.to_owned(),
        name: programme.name,
        row,
        outcome: outcome.code().to_owned(),
        tabs,
        lines,
        next,
        can_decide,
        own,
        can_override: me.allows(Permission::OverrideEnrolment, true).is_ok(),
        note: form.note,
        errors: form.errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn batch_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path((code, id)): Path<(String, i64)>,
    Query(query): Query<LinesQuery>,
) -> Result<Html<String>, AppError> {
    let form = BatchForm {
        note: String::new(),
        errors: FormErrors::default(),
    };
    Ok(Html(
        render_batch(&state, &me, ctx, &code, id, &query, form).await?,
    ))
}

#[derive(serde::Deserialize)]
pub(super) struct DecisionForm {
    #[serde(default)]
    note: String,
}

pub(super) async fn decided(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    id: i64,
    note: String,
    result: Result<Batch, crate::enrolment::error::EnrolmentError>,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/program/{code}/peserta/daftar/{id}")).into_response()),
        Err(err) => {
            let errors = FormErrors::from_error(err.into(), ctx.lang)?;
            let query = LinesQuery {
                hasil: None,
                mulai: None,
            };
            let form = BatchForm { note, errors };
            let html = render_batch(state, me, ctx, code, id, &query, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

pub(super) async fn approve(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path((code, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let result = service::approve(&state.db, &me, id, &form.note, request_id.0, now).await;
    decided(&state, &me, ctx, &code, id, form.note, result).await
}

pub(super) async fn reject(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path((code, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let result = service::reject(&state.db, &me, id, &form.note, request_id.0, now).await;
    decided(&state, &me, ctx, &code, id, form.note, result).await
}
