//! The deadline rules the migrations leave in a new database are the domain's rules, on both
//! backends. The migrations must keep their own copy (an applied migration never changes when
//! the domain does), so this test is what keeps the two equal.

use breachdesk_tests::{TestDb, both_backends};
use domain::rules::{DeadlineRule, default_rules};

/// The rules in a comparable order: by in-force instant, then clock.
fn sorted(mut rules: Vec<DeadlineRule>) -> Vec<DeadlineRule> {
    rules.sort_by(|a, b| (a.in_force_from, a.clock.as_str()).cmp(&(b.in_force_from, b.clock.as_str())));
    rules
}

both_backends!(the_migrated_deadline_rules_equal_the_domain_rules, TestDb::new, |db| async move {
    let migrated = sorted(db.store.deadline_rules().await.unwrap());
    let domain = sorted(default_rules());
    let names = |rules: &[DeadlineRule]| rules.iter().map(|r| format!("{}@{}", r.clock, r.in_force_from)).collect();
    let (migrated_names, domain_names): (Vec<String>, Vec<String>) = (names(&migrated), names(&domain));
    assert_eq!(migrated_names, domain_names, "the same clocks from the same instants");
    for (row, rule) in migrated.iter().zip(&domain) {
        // Destructured in full: a new field of DeadlineRule does not compile until it is compared.
        let DeadlineRule { regime, clock, trigger, length, in_force_from, source } = rule;
        let at = format!("{clock}@{in_force_from}");
        assert_eq!(&row.regime, regime, "regime of {at}");
        assert_eq!(&row.clock, clock, "clock of {at}");
        assert_eq!(&row.trigger, trigger, "trigger of {at}");
        assert_eq!(&row.length, length, "length of {at}");
        assert_eq!(&row.in_force_from, in_force_from, "in_force_from of {at}");
        assert_eq!(&row.source, source, "source of {at}");
    }
    db
});
