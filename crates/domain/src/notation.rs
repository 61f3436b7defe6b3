//! How numbers and instants are written for people in each language: the one place the pages,
//! the drafts, the register and the timeline texts take them from. Swedish follows Svenska
//! skrivregler: a decimal comma ("5,25"), a space between thousands ("1 200"), a date in running
//! text as "den 29 januari 2024", a time with a full stop ("kl. 05.40"); a table cell keeps the
//! ISO date ("2024-01-29 05.40"), which is how Swedish tables write it. English keeps its own
//! forms ("5.25", "1,200", "29 January 2024 at 05:40", "2024-01-29 05:40").

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::case::CountRange;
use crate::names::{Language, month_name};

/// A decimal number with `places` decimals: "5,25" in Swedish, "5.25" in English.
pub fn decimal(lang: Language, value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    lang.pick(text.replace('.', ","), text)
}

/// A decimal number with as many decimals as it needs (none for a whole number, at most two):
/// "3,25", "36,5" and "4" in Swedish.
pub fn short_decimal(lang: Language, value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    lang.pick(text.replace('.', ","), text.to_owned())
}

/// A whole number with its digits in groups of three: "1 200" (a no-break space, so the number
/// never splits across lines) in Swedish, "1,200" in English.
pub fn whole(lang: Language, value: u64) -> String {
    let separator = lang.pick('\u{a0}', ',');
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// An approximate count: one number when it is exact ("1 200"), else "1 000–25 000".
pub fn count(lang: Language, range: CountRange) -> String {
    if range.min == range.max {
        whole(lang, range.min)
    } else {
        format!("{}–{}", whole(lang, range.min), whole(lang, range.max))
    }
}

/// A date as running text writes it: "den 29 januari 2024" (Swedish), "29 January 2024".
pub fn long_date(lang: Language, t: DateTime<Utc>, tz: Tz) -> String {
    let day = day(lang, t, tz);
    lang.pick(format!("den {day}"), day)
}

/// An instant as running text writes it: "den 29 januari 2024 kl. 05.40" (Swedish),
/// "29 January 2024 at 05:40".
pub fn long_when(lang: Language, t: DateTime<Utc>, tz: Tz) -> String {
    let when = field_when(lang, t, tz);
    match lang {
        Language::Sv => format!("den {when}"),
        Language::En => format!("{} at {}", day(lang, t, tz), clock(lang, t, tz)),
    }
}

/// An instant as the value of a labelled field of a draft: "29 januari 2024 kl. 05.40" in
/// Swedish (a field is read, not scanned), "2024-01-29 05:40" in English.
pub fn field_when(lang: Language, t: DateTime<Utc>, tz: Tz) -> String {
    match lang {
        Language::Sv => format!("{} kl. {}", day(lang, t, tz), clock(lang, t, tz)),
        Language::En => table_when(lang, t, tz),
    }
}

/// An instant in a table cell or a list: "2024-01-29 05.40" in Swedish, "2024-01-29 05:40".
pub fn table_when(lang: Language, t: DateTime<Utc>, tz: Tz) -> String {
    format!("{} {}", t.with_timezone(&tz).format("%Y-%m-%d"), clock(lang, t, tz))
}

/// The local date of an instant in a table cell: "2024-01-29" in both languages.
pub fn table_date(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

/// "29 januari 2024", "29 January 2024".
fn day(lang: Language, t: DateTime<Utc>, tz: Tz) -> String {
    let d = t.with_timezone(&tz);
    let month = usize::try_from(d.month0()).ok().and_then(|m| month_name(m, lang)).unwrap_or_default();
    format!("{} {month} {}", d.day(), d.year())
}

/// "05.40" in Swedish, "05:40" in English.
fn clock(lang: Language, t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format(lang.pick("%H.%M", "%H:%M")).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Stockholm;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("valid").with_timezone(&Utc)
    }

    #[test]
    fn instants_read_as_each_language_writes_them_in_text_fields_and_tables() {
        let t = at("2024-01-29T04:40:00Z");
        // (function, Swedish, English)
        type Form = fn(Language, DateTime<Utc>, Tz) -> String;
        let table: [(Form, &str, &str); 4] = [
            (long_date, "den 29 januari 2024", "29 January 2024"),
            (long_when, "den 29 januari 2024 kl. 05.40", "29 January 2024 at 05:40"),
            (field_when, "29 januari 2024 kl. 05.40", "2024-01-29 05:40"),
            (table_when, "2024-01-29 05.40", "2024-01-29 05:40"),
        ];
        for (form, sv, en) in table {
            assert_eq!(form(Language::Sv, t, Stockholm), sv);
            assert_eq!(form(Language::En, t, Stockholm), en);
        }
        // Summer time: the zone's offset, not UTC's.
        assert_eq!(table_when(Language::Sv, at("2024-07-01T22:30:00Z"), Stockholm), "2024-07-02 00.30");
        assert_eq!(table_date(at("2024-07-01T22:30:00Z"), Stockholm), "2024-07-02");
    }

    #[test]
    fn numbers_take_a_decimal_comma_and_grouped_digits_in_swedish() {
        assert_eq!(decimal(Language::Sv, 5.25, 2), "5,25");
        assert_eq!(decimal(Language::En, 5.25, 2), "5.25");
        assert_eq!(short_decimal(Language::Sv, 3.25), "3,25");
        assert_eq!(short_decimal(Language::Sv, 36.5), "36,5");
        assert_eq!(short_decimal(Language::Sv, 4.0), "4");
        assert_eq!(short_decimal(Language::En, 0.75), "0.75");
        assert_eq!(whole(Language::Sv, 1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(whole(Language::En, 999), "999");
        assert_eq!(count(Language::Sv, CountRange { min: 1000, max: 25_000 }), "1\u{a0}000–25\u{a0}000");
        assert_eq!(count(Language::En, CountRange { min: 1200, max: 1200 }), "1,200");
    }
}
