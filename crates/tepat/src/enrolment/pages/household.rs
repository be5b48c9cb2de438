//! A household's programmes, for the household page.

use super::*;

/// A household's programmes, for the household page.
pub struct HouseholdSection {
    /// (programme code, name, since, how: batch or override with its reason, active).
    pub rows: Vec<(String, String, String, String, bool)>,
    /// Programmes the viewer may put this household forward for (code, name).
    pub put_forward: Vec<(String, String)>,
    pub household_id: i64,
}

impl HouseholdSection {
    /// The section for `household_id` as `me` may see it (empty when the role reads no
    /// enrolments).
    pub async fn new(
        state: &AppState,
        me: &Principal,
        household_id: i64,
        lang: Lang,
    ) -> Result<Self, AppError> {
        let mut section = Self {
            rows: Vec::new(),
            put_forward: Vec::new(),
            household_id,
        };
        if me.allows(Permission::ReadEnrolments, false).is_err() {
            return Ok(section);
        }
        let programmes = crate::programmes::service::list(&state.db).await?;
        let name = |code: &str| {
            programmes
                .iter()
                .find(|p| p.code == code)
                .map_or_else(|| code.to_owned(), |p| p.name.clone())
        };
        let enrolled = service::of_household(&state.db, me, household_id).await?;
        for e in &enrolled {
            let how = match (&e.source[..], &e.reason) {
                ("override", Some(reason)) => {
                    format!(
                        "{}: {reason}",
                        lang.pick("Diusulkan petugas", "Put forward by an official")
                    )
                }
                _ => match e.batch_id {
                    Some(batch) => format!(
                        "{} #{batch}",
                        lang.pick("Daftar peserta", "Enrolment batch")
                    ),
                    None => String::new(),
                },
            };
            section.rows.push((
                e.programme.clone(),
                name(&e.programme),
                show_time(&e.started_at),
                how,
                e.status == "active",
            ));
        }
        if me.allows(Permission::OverrideEnrolment, true).is_ok() {
            section.put_forward = programmes
                .iter()
                .filter(|p| {
                    !enrolled
                        .iter()
                        .any(|e| e.programme == p.code && e.status == "active")
                })
                .map(|p| (p.code.clone(), p.name.clone()))
                .collect();
        }
        Ok(section)
    }
}
