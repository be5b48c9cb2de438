//! The form that puts one household forward for a programme, with a reason.

use super::*;

#[derive(Template)]
#[template(path = "enrolment_put_forward.html")]
pub(super) struct PutForwardPage {
    ctx: PageCtx,
    code: String,
    name: String,
    household: String,
    reason: String,
    errors: FormErrors,
}

#[derive(serde::Deserialize)]
pub(super) struct PutForwardQuery {
    keluarga: Option<i64>,
}

#[derive(serde::Deserialize)]
pub(super) struct PutForwardForm {
    #[serde(default)]
    household_id: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn render_put_forward(
    state: &AppState,
    me: &Principal,
    ctx: PageCtx,
    code: &str,
    household: String,
    reason: String,
    errors: FormErrors,
) -> Result<String, AppError> {
    me.require(Permission::OverrideEnrolment)?;
    let (programme, _) = crate::programmes::service::find(&state.db, code).await?;
    let page = PutForwardPage {
        code: code.to_owned(),
        name: programme.name,
        household,
        reason,
        errors,
        ctx,
    };
    Ok(page.render().map_err(anyhow::Error::from)?)
}

pub(super) async fn put_forward_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<PutForwardQuery>,
) -> Result<Html<String>, AppError> {
    let household = query.keluarga.map(|h| h.to_string()).unwrap_or_default();
    let html = render_put_forward(
        &state,
        &me,
        ctx,
        &code,
        household,
        String::new(),
        FormErrors::default(),
    )
    .await?;
    Ok(Html(html))
}

pub(super) async fn put_forward(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageCtx,
    request_id: RequestId,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<PutForwardForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let result = match form.household_id.trim().parse::<i64>() {
        Ok(household) => service::put_forward(
            &state.db,
            &me,
            &code,
            household,
            &form.reason,
            request_id.0,
            now,
        )
        .await
        .map_err(AppError::from),
        Err(_) => Err(AppError::invalid(crate::http::FieldError::new(
            "household_id",
            "format",
            "must be a household number",
            "harus nomor keluarga",
        ))),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/program/{code}/peserta")).into_response()),
        Err(AppError::NotFound) => {
            let errors = FormErrors::from_error(
                AppError::invalid(crate::http::FieldError::new(
                    "household_id",
                    "not-found",
                    "no such household in your region",
                    "tidak ada keluarga dengan nomor ini di wilayah Anda",
                )),
                ctx.lang,
            )?;
            let html = render_put_forward(
                &state,
                &me,
                ctx,
                &code,
                form.household_id,
                form.reason,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(err) => {
            let errors = FormErrors::from_error(err, ctx.lang)?;
            let html = render_put_forward(
                &state,
                &me,
                ctx,
                &code,
                form.household_id,
                form.reason,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
