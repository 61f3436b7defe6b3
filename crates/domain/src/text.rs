//! The one check every text a person sends passes before it is kept: no NUL or other control
//! character (tab and line breaks only where the text has many lines), no bidirectional
//! override or isolate, trimmed, and "not empty" meaning something visible is left.
//!
//! Why each refusal: NUL cannot be stored in PostgreSQL text at all (and SQLite would keep it,
//! so the two databases would disagree); ESC and BEL reach terminals that print the text (the
//! CLI, `psql`, logs read with `less`); bidi overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069) make a text read differently from what it holds ("Trojan Source", CVE-2021-42574),
//! which a record that must be believed cannot allow. Invisible characters (zero-width space,
//! word joiner, byte-order mark, ...) are kept inside a text, where they can be legitimate, but
//! a text made only of them is empty.

/// How many lines a text field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A title, a name, a reference: no tab, no line break.
    One,
    /// A description, a justification, an entry: tabs and line breaks allowed (CR LF and a
    /// lone CR are kept as LF).
    Many,
}

/// The rule for one text field: its lines and its greatest length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// One line or many.
    pub lines: Lines,
    /// The greatest number of characters (Unicode scalar values) once trimmed.
    pub max_chars: usize,
}

impl TextRule {
    /// A one-line text of at most `max_chars` characters.
    pub const fn line(max_chars: usize) -> Self {
        Self { lines: Lines::One, max_chars }
    }

    /// A multi-line text of at most `max_chars` characters.
    pub const fn lines(max_chars: usize) -> Self {
        Self { lines: Lines::Many, max_chars }
    }
}

/// A bare length is a multi-line text of at most that many characters (the lenient rule:
/// a caller that does not say gets every refusal but the one of line breaks).
impl From<usize> for TextRule {
    fn from(max_chars: usize) -> Self {
        Self::lines(max_chars)
    }
}

/// Why a text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing visible is left once white space and invisible characters are removed.
    #[error("must not be empty")]
    Empty,
    /// Longer than the field allows.
    #[error("must be at most {max_chars} characters")]
    TooLong {
        /// The field's limit.
        max_chars: usize,
    },
    /// A character the field never holds.
    #[error("must not contain {} ({}, character {position})", kind_of(*found), code_point(*found))]
    Forbidden {
        /// The character.
        found: char,
        /// Where, counted in characters from 1.
        position: usize,
    },
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn kind_of(c: char) -> &'static str {
    if is_bidi_control(c) {
        "a bidirectional override or isolate"
    } else if matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}') {
        "a tab or line break (this field is one line)"
    } else {
        "a control character"
    }
}

/// Bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is Unicode `Default_Ignorable_Code_Point`: drawn as nothing (zero-width space
/// and joiners, word joiner, soft hyphen, byte-order mark, variation selectors, fillers, tags).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether `c` is trimmed from the ends of a text: white space, and invisible characters other
/// than those that change the character before them (variation selectors, the combining
/// grapheme joiner, tags: a text may end with an emoji that needs them).
fn is_trimmed(c: char) -> bool {
    c.is_whitespace()
        || (is_invisible(c) && !matches!(c, '\u{034F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E0FFF}'))
}

/// Whether a text holds nothing visible.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// The first character of `text` that a field of `lines` never holds, with its position
/// (from 1), if any.
pub fn forbidden_char(text: &str, lines: Lines) -> Option<(usize, char)> {
    text.chars().enumerate().map(|(i, c)| (i + 1, c)).find(|&(_, c)| {
        let line_break_or_tab = matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}');
        is_bidi_control(c) || (line_break_or_tab && lines == Lines::One) || (c.is_control() && !line_break_or_tab)
    })
}

/// The text as kept: checked against `rule`, line breaks made LF, trimmed.
///
/// # Errors
/// [`TextError::Forbidden`] naming the first character the field never holds,
/// [`TextError::Empty`] when nothing visible is left, [`TextError::TooLong`] past the limit.
pub fn clean(text: &str, rule: TextRule) -> Result<String, TextError> {
    if let Some((position, found)) = forbidden_char(text, rule.lines) {
        return Err(TextError::Forbidden { found, position });
    }
    let text = if rule.lines == Lines::Many && text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    let trimmed = text.trim_matches(is_trimmed);
    if is_blank(trimmed) {
        return Err(TextError::Empty);
    }
    if trimmed.chars().count() > rule.max_chars {
        return Err(TextError::TooLong { max_chars: rule.max_chars });
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LINE: TextRule = TextRule::line(10);
    const LINES: TextRule = TextRule::lines(10);

    #[test]
    fn each_refusal_and_what_is_kept() {
        // (input, rule, expected)
        let table: [(&str, TextRule, Result<&str, TextError>); 22] = [
            ("  Titel  ", LINE, Ok("Titel")),
            ("a\u{0}b", LINES, Err(TextError::Forbidden { found: '\u{0}', position: 2 })),
            ("\u{1b}[31mröd", LINES, Err(TextError::Forbidden { found: '\u{1b}', position: 1 })),
            ("ding\u{7}", LINES, Err(TextError::Forbidden { found: '\u{7}', position: 5 })),
            ("x\u{7f}", LINES, Err(TextError::Forbidden { found: '\u{7f}', position: 2 })),
            ("x\u{85}", LINES, Err(TextError::Forbidden { found: '\u{85}', position: 2 })),
            ("abc\u{202E}fdp", LINES, Err(TextError::Forbidden { found: '\u{202E}', position: 4 })),
            ("\u{2066}x", LINES, Err(TextError::Forbidden { found: '\u{2066}', position: 1 })),
            ("a\u{2069}", LINES, Err(TextError::Forbidden { found: '\u{2069}', position: 2 })),
            ("\u{202A}", LINES, Err(TextError::Forbidden { found: '\u{202A}', position: 1 })),
            ("a\tb", LINE, Err(TextError::Forbidden { found: '\t', position: 2 })),
            ("a\nb", LINE, Err(TextError::Forbidden { found: '\n', position: 2 })),
            ("a\u{2028}b", LINE, Err(TextError::Forbidden { found: '\u{2028}', position: 2 })),
            ("a\tb\nc", LINES, Ok("a\tb\nc")),
            ("a\r\nb\rc\r\n", LINES, Ok("a\nb\nc")),
            ("\u{200B}", LINES, Err(TextError::Empty)),
            (" \u{200B}\u{FEFF}\u{2060} ", LINE, Err(TextError::Empty)),
            ("\u{FE0F}", LINE, Err(TextError::Empty)),
            ("\u{FEFF}Rubrik\u{200B}", LINE, Ok("Rubrik")),
            ("hjärta ❤\u{FE0F}", LINES, Ok("hjärta ❤\u{FE0F}")),
            ("åäöåäöåäöå", LINE, Ok("åäöåäöåäöå")),
            ("åäöåäöåäöåx", LINE, Err(TextError::TooLong { max_chars: 10 })),
        ];
        for (input, rule, expected) in table {
            assert_eq!(clean(input, rule), expected.map(str::to_owned), "{input:?}");
        }
    }

    #[test]
    fn messages_name_the_character_and_where_it_is() {
        let err = clean("abc\u{202E}", LINES).expect_err("refused").to_string();
        assert_eq!(err, "must not contain a bidirectional override or isolate (U+202E, character 4)");
        assert_eq!(
            clean("\u{0}", LINES).expect_err("refused").to_string(),
            "must not contain a control character (U+0000, character 1)"
        );
    }

    proptest! {
        #[test]
        fn what_is_kept_passes_again_unchanged(text in "\\PC{0,40}", many in any::<bool>()) {
            let rule = if many { TextRule::lines(40) } else { TextRule::line(40) };
            if let Ok(kept) = clean(&text, rule) {
                prop_assert_eq!(clean(&kept, rule), Ok(kept.clone()));
                prop_assert!(forbidden_char(&kept, rule.lines).is_none());
                prop_assert!(!is_blank(&kept));
            }
        }

        #[test]
        fn any_text_with_a_control_character_is_refused(a in "[a-z]{0,5}", c in 0u32..0x20, b in "[a-z]{0,5}") {
            let c = char::from_u32(c).unwrap_or('\0');
            prop_assume!(!matches!(c, '\t' | '\n' | '\r'));
            let refused = matches!(clean(&format!("{a}{c}{b}"), TextRule::lines(40)), Err(TextError::Forbidden { .. }));
            prop_assert!(refused);
        }
    }
}
