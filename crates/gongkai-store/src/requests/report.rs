//! What an annual report is computed from: the requests a unit handled and the records it
//! published, read in two queries and handed to core's report tables.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use gongkai_core::access::Actor;
use gongkai_core::org::Org;
use gongkai_core::record::{Effect, RecordState, Validity};
use gongkai_core::report::{AnnualReport, ProactiveFact, ProactiveTable, RemedyTable, RequestTable, Subject};
use gongkai_core::time::china_date;
use gongkai_core::DomainError;

use super::row;
use crate::records::row::{epoch_day, from_epoch_day};
use crate::{q, Result, Store, StoreError};

type RecordFacts = (String, i64, String, String, Option<i64>, Option<String>, Option<i64>);

impl Store {
    /// The tables of `org`'s annual report for `year`, as its staff, administrators and
    /// supervisors may see them; `fees` is the editor's figure for 行政事业性收费.
    pub async fn annual_report(
        &self,
        actor: &Actor,
        org: &Org,
        year: i32,
        fees: Option<String>,
    ) -> Result<AnnualReport> {
        if !actor.can_see(&org.code) {
            return Err(DomainError::not_found("org_not_found", format!("单位“{}”不存在", org.code)).into());
        }
        let next_year = NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .ok_or_else(|| DomainError::invalid("invalid_year", format!("年份“{year}”超出可用范围")))?;
        let requests = row::of_org_received_before(&mut &self.db, &org.code, epoch_day(next_year)).await?;
        let facts = self.proactive_facts(org).await?;
        Ok(AnnualReport {
            org_name: org.name.clone(),
            year,
            proactive: ProactiveTable::of(&facts, year, fees),
            requests: RequestTable::of(&requests, year),
            remedies: RemedyTable::of(&requests, year),
        })
    }

    /// Each record lineage of `org` that was ever published under an item the table
    /// counts: when it first went up, its 有效性 and whether it is still public.
    async fn proactive_facts(&self, org: &Org) -> Result<Vec<ProactiveFact>> {
        let subjects: HashMap<String, Subject> = self
            .db
            .catalog_of(org)
            .await?
            .into_iter()
            .filter_map(|item| Subject::of_item(&item.name).map(|s| (item.code.as_str().to_owned(), s)))
            .collect();
        let rows: Vec<RecordFacts> = self
            .db
            .fetch_all(
                q("SELECT lineage_id, version, catalog_code, state, published_at, validity, validity_since_day \
                   FROM records WHERE org_code = $1 AND published_at IS NOT NULL ORDER BY lineage_id, version")
                .bind(org.code.as_str()),
            )
            .await?;
        let mut facts: HashMap<String, ProactiveFact> = HashMap::new();
        for (lineage, _, catalog, state, published_at, validity, since) in rows {
            let Some(subject) = subjects.get(&catalog).copied() else { continue };
            let corrupt = || StoreError::Corrupt(format!("record lineage {lineage}"));
            let published = china_date(DateTime::from_timestamp(published_at.unwrap_or(0), 0).ok_or_else(corrupt)?);
            let effect = match validity {
                Some(v) => Some(Effect {
                    status: Validity::parse(&v).map_err(|_| corrupt())?,
                    since: since.and_then(from_epoch_day),
                }),
                None => None,
            };
            let current = RecordState::parse(&state).map_err(|_| corrupt())? != RecordState::Withdrawn;
            // Rows come oldest version first: the first sets the day, the last the state.
            facts
                .entry(lineage)
                .and_modify(|f| {
                    f.effect = effect;
                    f.current = current;
                })
                .or_insert(ProactiveFact { subject, first_published: published, effect, current });
        }
        Ok(facts.into_values().collect())
    }
}
