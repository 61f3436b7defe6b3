//! Deadline rules as versioned data. Rules are only ever added, in force from a future instant,
//! so a case keeps the rules that were in force when it was opened.

use chrono::{DateTime, Utc};
use domain::ClockKind;
use domain::ValidationErrors;
use domain::deadline::Length;
use domain::rules::{DeadlineRule, Trigger};
use sea_orm::ActiveValue::Set;
use sea_orm::{EntityTrait, QueryOrder};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::deadline_rule;
use crate::error::StoreError;

pub(crate) fn from_model(m: deadline_rule::Model) -> Result<DeadlineRule, StoreError> {
    let length = match (m.length_unit.as_str(), u32::try_from(m.length_value)) {
        ("hours", Ok(h)) => Length::Hours(i64::from(h)),
        ("months", Ok(n)) => Length::CalendarMonths(n),
        _ => return Err(StoreError::Corrupt(format!("rule length {} {}", m.length_value, m.length_unit))),
    };
    Ok(DeadlineRule {
        regime: m.regime,
        clock: parse_enum("clock", &m.clock, ClockKind::parse)?,
        trigger: parse_enum("trigger", &m.trigger, Trigger::parse)?,
        length,
        in_force_from: m.in_force_from,
        source: m.source,
    })
}

impl Store {
    /// Every rule, every version, oldest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn deadline_rules(&self) -> Result<Vec<DeadlineRule>, StoreError> {
        deadline_rule::Entity::find()
            .order_by_asc(deadline_rule::Column::InForceFrom)
            .all(&self.read)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// Adds a new version of a rule. It must come into force after `now`: cases already opened
    /// keep the rules they were opened under.
    ///
    /// # Errors
    /// `Invalid` on `in_force_from` when it is not in the future; `Conflict` when that clock
    /// already has a version from the same instant.
    pub async fn add_deadline_rule(&self, rule: &DeadlineRule, now: DateTime<Utc>) -> Result<(), StoreError> {
        if rule.in_force_from <= now {
            return Err(ValidationErrors::single(
                "in_force_from",
                "must be in the future: a rule never changes for cases already opened",
            )
            .into());
        }
        let (unit, value) = match rule.length {
            Length::Hours(h) => ("hours", h),
            Length::CalendarMonths(m) => ("months", i64::from(m)),
        };
        let value = i32::try_from(value).map_err(|_| ValidationErrors::single("length", "is too long"))?;
        deadline_rule::Entity::insert(deadline_rule::ActiveModel {
            id: Set(format!("{}@{}", rule.clock, rule.in_force_from.format("%Y-%m-%dT%H:%M:%SZ"))),
            regime: Set(rule.regime.clone()),
            clock: Set(rule.clock.as_str().to_owned()),
            trigger: Set(rule.trigger.as_str().to_owned()),
            length_unit: Set(unit.to_owned()),
            length_value: Set(value),
            in_force_from: Set(rule.in_force_from),
            source: Set(rule.source.clone()),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }
}
