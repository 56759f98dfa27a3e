//! The front matter most transcripts carry, read without the YAML parser.
//!
//! Nearly every front matter block is a list of `key: value` lines, some
//! values quoted or folded over several lines, with now and then a list of
//! plain items under a key (24 of the 25 real episodes at hand). Reading
//! such a block by hand is several times cheaper than the YAML parser,
//! whose set-up alone (buffers, token queues) costs more than the block: in
//! a library of 10,000 files the YAML parser was a third of the loading.
//!
//! This reader takes only what it can read exactly as the YAML parser
//! would, and gives up on anything else (double quotes with escapes or over
//! lines, comments, anchors, tags, flow collections, block scalars, numbers
//! in forms other than plain integers and decimals, …), leaving the block
//! to the parser. A test generates blocks full of such traps and checks
//! that every one this reader accepts, the parser reads to the same values.

use super::yaml_value::YamlValue as Yaml;

/// The block's keys and values, in order, if every line is in the subset
/// this reader knows; `None` sends the block to the YAML parser.
pub fn read_mapping(yaml: &str) -> Option<Vec<(Yaml, Yaml)>> {
    if yaml.contains(['\r', '\t']) {
        return None;
    }
    let lines: Vec<&str> = yaml.split('\n').collect();
    let mut entries = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        at += 1;
        if is_blank(line) {
            continue;
        }
        let (key, rest) = key_line(line)?;
        let (value, next) = value(rest, &lines, at)?;
        at = next;
        entries.push((Yaml::String(key.to_string()), value));
    }
    // No keys: null or nothing, as the parser says.
    (!entries.is_empty()).then_some(entries)
}

/// A key's value, `rest` being what follows its colon, `at` the next line:
/// the value and the line after it.
fn value(rest: &str, lines: &[&str], at: usize) -> Option<(Yaml, usize)> {
    if rest.is_empty() {
        let (items, next) = sequence(lines, at)?;
        return Some((items.map_or(Yaml::Null, Yaml::Sequence), next));
    }
    if let Some(quoted) = rest.strip_prefix('\'') {
        let (text, next) = quoted_over_lines(quoted, lines, at)?;
        return Some((Yaml::String(text), next));
    }
    match scalar(rest)? {
        // Text starting with a letter may go on over the lines below.
        Yaml::String(text) if !rest.starts_with(|c: char| c.is_ascii_digit() || c == '"') => {
            let (text, next) = plain_over_lines(text, lines, at)?;
            Some((Yaml::String(text), next))
        }
        other => Some((other, at)),
    }
}

/// A plain text value, `first` its first line, going on over the indented
/// lines below (YAML folds them as it does quoted ones). Gives the text and
/// the line after it.
fn plain_over_lines(mut text: String, lines: &[&str], mut at: usize) -> Option<(String, usize)> {
    let mut next = at;
    let mut breaks = 0;
    while let Some(line) = lines.get(next) {
        if is_blank(line) {
            (breaks, next) = (breaks + 1, next + 1);
            continue;
        }
        if !line.starts_with(' ') {
            break; // the next key: blank lines before it are not the value's
        }
        let content = line.trim_matches(' ');
        if !is_plain_continuation(content) {
            return None;
        }
        match breaks {
            0 => text.push(' '),
            n => text.extend(std::iter::repeat_n('\n', n)),
        }
        text.push_str(content);
        (breaks, next) = (0, next + 1);
        at = next;
    }
    Some((text, at))
}

/// A line that plainly goes on with a plain value: no YAML syntax in it
/// (indicators are syntax only at a value's start).
fn is_plain_continuation(content: &str) -> bool {
    content.chars().all(is_printable)
        && !content.contains(": ")
        && !content.contains('#')
        && !content.ends_with(':')
}

/// A `'…'` value from just after its opening quote to its closing one,
/// maybe lines below. YAML folds such lines: a line break becomes a space,
/// or a newline per empty line after it, and each line's leading and
/// trailing spaces go. Gives the text and the line after the value.
fn quoted_over_lines(first: &str, lines: &[&str], mut at: usize) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut line = first;
    // Empty lines since the last with text; `None` on the first line.
    let mut breaks: Option<usize> = None;
    loop {
        if !line.chars().all(is_printable) {
            return None;
        }
        let end = closing_quote(line);
        let mut content = end.map_or(line.trim_end_matches(' '), |end| &line[..end]);
        if breaks.is_some() {
            content = content.trim_start_matches(' ');
        }
        match breaks {
            Some(n) if end.is_none() && content.is_empty() => breaks = Some(n + 1),
            _ => {
                match breaks {
                    None => {}
                    Some(0) => text.push(' '),
                    Some(n) => text.extend(std::iter::repeat_n('\n', n)),
                }
                text.push_str(&content.replace("''", "'"));
                breaks = Some(0);
            }
        }
        if let Some(end) = end {
            return is_blank(&line[end + 1..]).then_some((text, at));
        }
        // Lines inside the quotes are indented below the key.
        let next = lines.get(at)?;
        if !(is_blank(next) || next.starts_with(' ')) {
            return None;
        }
        (line, at) = (next, at + 1);
    }
}

/// Where the `'` that ends a single-quoted scalar is in `line` (`''` being
/// a quote inside it).
fn closing_quote(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) != Some(&b'\'') {
                return Some(i);
            }
            i += 1;
        }
        i += 1;
    }
    None
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// `key: rest` at the start of a line, the key a plain word; `rest` trimmed
/// (empty for `key:` alone).
fn key_line(line: &str) -> Option<(&str, &str)> {
    let key_len = line
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let (key, rest) = line.split_at(key_len);
    let first = key.bytes().next()?;
    // YAML looks no further than 1,024 chars for a key's colon.
    if !(first.is_ascii_alphabetic() || first == b'_')
        || key.len() > 1000
        || resolves_to_non_string(key)
    {
        return None;
    }
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_matches(' ')))
}

/// After `key:` with no value, at line `at`: a list of `- item` lines (all
/// at one indent), or nothing (a null value). Gives the items and the line
/// after them; `None` for anything else indented below the key.
fn sequence(lines: &[&str], mut at: usize) -> Option<(Option<Vec<Yaml>>, usize)> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(&line) = lines.get(at) {
        if is_blank(line) {
            at += 1;
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let Some(item) = line[spaces..].strip_prefix("- ") else {
            // A key at the margin ends the list; anything indented is
            // more than this reader knows.
            return (spaces == 0).then(|| ((!items.is_empty()).then_some(items), at));
        };
        if *indent.get_or_insert(spaces) != spaces {
            return None;
        }
        items.push(scalar(item.trim_matches(' '))?);
        at += 1;
    }
    Some(((!items.is_empty()).then_some(items), at))
}

/// One value on one line: quoted, or plain with the type YAML gives it.
fn scalar(text: &str) -> Option<Yaml> {
    if !text.chars().all(is_printable) || text.is_empty() {
        return None;
    }
    if let Some(quoted) = text.strip_prefix('\'') {
        return single_quoted(quoted).map(Yaml::String);
    }
    if let Some(quoted) = text.strip_prefix('"') {
        let inner = quoted.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| Yaml::String(inner.to_string()));
    }
    plain(text)
}

/// The rest of a `'…'` scalar, ending at the line's end, `''` standing for
/// one quote.
fn single_quoted(quoted: &str) -> Option<String> {
    let inner = quoted.strip_suffix('\'')?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        text.push(c);
    }
    Some(text)
}

/// Chars that mean YAML syntax at the start of a plain value (some only
/// there, some before a space; all are left to the parser), and those that
/// start the special floats.
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
    '.', '+', '~',
];

/// A plain (unquoted) scalar: text, or the null, boolean or number YAML
/// reads it as. Only forms whose reading is certain are taken.
fn plain(text: &str) -> Option<Yaml> {
    // An indicator first, `: ` or a comment inside, a `:` last: YAML syntax.
    // `-` before a letter starts text (`video_id: -VqmFI9vY7w`), no number.
    let dash_word = text
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()));
    if (text.starts_with(INDICATORS) && !dash_word)
        || text.contains(": ")
        || text.contains('#')
        || text.ends_with(':')
    {
        return None;
    }
    let first = text.chars().next()?;
    if !first.is_ascii_digit() {
        return match text {
            "null" | "Null" | "NULL" => Some(Yaml::Null),
            "true" | "True" | "TRUE" => Some(Yaml::Bool(true)),
            "false" | "False" | "FALSE" => Some(Yaml::Bool(false)),
            _ => Some(Yaml::String(text.to_string())),
        };
    }
    number_or_date(text)
}

/// Text starting with a digit: text if it holds a char no number may, else
/// a plain integer, a decimal, a date or a clock time; `None` for every
/// other form (hex, exponents, leading zeros…).
fn number_or_date(text: &str) -> Option<Yaml> {
    // A char no integer (decimal, hex, octal, binary) or float may hold:
    // text (`video_id: 9euy9gC48lc`).
    let in_numbers = |c: char| c.is_ascii_hexdigit() || "xXoObB.+-_".contains(c);
    if !text.chars().all(in_numbers) {
        return Some(Yaml::String(text.to_string()));
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(text) {
        // Up to 19 digits always fit 64 bits; `0123` is text in YAML 1.2.
        return match text.len() {
            1 => text.parse().ok().map(Yaml::Uint),
            2..=19 if !text.starts_with('0') => text.parse().ok().map(Yaml::Uint),
            _ => None,
        };
    }
    if let Some((whole, fraction)) = text.split_once('.')
        && digits(whole)
        && digits(fraction)
    {
        let n: f64 = text.parse().ok()?;
        return Some(if n.is_finite() {
            Yaml::Float(n)
        } else {
            Yaml::String(text.to_string())
        });
    }
    let date = text.len() == 10
        && text.split('-').map(str::len).eq([4, 2, 2])
        && text.split('-').all(digits);
    let clock = text.split(':').count() > 1 && text.split(':').all(digits);
    (date || clock).then(|| Yaml::String(text.to_string()))
}

/// Whether a plain key would be read as null or a boolean.
fn resolves_to_non_string(key: &str) -> bool {
    matches!(
        key,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

/// Chars the YAML parser takes inside a scalar on one line: printable, and
/// not one of the Unicode line breaks or the byte-order mark.
fn is_printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{A0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
            ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    fn s(text: &str) -> Yaml {
        Yaml::String(text.to_string())
    }

    fn by_parser(yaml: &str) -> Option<Vec<(Yaml, Yaml)>> {
        match serde_yaml::from_str::<Yaml>(yaml) {
            Ok(Yaml::Mapping(entries)) => Some(entries),
            _ => None,
        }
    }

    #[test]
    fn reads_the_usual_front_matter() {
        let yaml = "title: Episode 12 | growth, pricing (part 1)\nguest: Ève O’Neil\n\
                    youtube_url: https://www.youtube.com/watch?v=uMhBej6-Ey4\n\
                    publish_date: 2022-10-20\nduration_seconds: 4046.0\nduration: '1:07:26'\n\
                    view_count: 3562\nempty:\nkeywords:\n- growth\n- 'it''s'\n\nlength: 1:07:26\n\
                    description: 'Two   \n   lines, one  \n\n   more...\n\n  '\n\
                    folded: Plain text  \n  over lines,\n\n   and more\n\n";
        let expected = vec![
            (s("title"), s("Episode 12 | growth, pricing (part 1)")),
            (s("guest"), s("Ève O’Neil")),
            (
                s("youtube_url"),
                s("https://www.youtube.com/watch?v=uMhBej6-Ey4"),
            ),
            (s("publish_date"), s("2022-10-20")),
            (s("duration_seconds"), Yaml::Float(4046.0)),
            (s("duration"), s("1:07:26")),
            (s("view_count"), Yaml::Uint(3562)),
            (s("empty"), Yaml::Null),
            (s("keywords"), Yaml::Sequence(vec![s("growth"), s("it's")])),
            (s("length"), s("1:07:26")),
            (s("description"), s("Two lines, one\nmore...\n")),
            (s("folded"), s("Plain text over lines,\nand more")),
        ];
        assert_eq!(read_mapping(yaml), Some(expected.clone()));
        assert_eq!(by_parser(yaml), Some(expected));
    }

    #[test]
    fn leaves_what_it_does_not_know_to_the_parser() {
        for yaml in [
            "title: a\n  continued: no\n",
            "title: 1\n  continued\n",
            "description: 'two\nlines'\n",
            "description: 'open\n\n",
            "title: a # comment\n",
            "title: a: b\n",
            "n: 0x1f\n",
            "n: 1e5\n",
            "n: 0123\n",
            "n: .inf\n",
            "k: [a, b]\n",
            "k: &anchor a\n",
            "k: |\n  block\n",
            "true: x\n",
            "k:\n  nested: map\n",
            "k:\n- a\n  - b\n",
            "  indented: key\n",
            "k: \"esc\\n\"\n",
            "k: a\r\n",
        ] {
            assert_eq!(read_mapping(yaml), None, "{yaml:?}");
        }
    }

    /// The real episodes, when the corpus is at hand (`EARMARK_CORPUS`):
    /// this reader takes their front matter and reads it as the parser does.
    #[test]
    fn real_front_matter_reads_the_same() {
        let Some(corpus) = std::env::var_os("EARMARK_CORPUS") else {
            eprintln!("EARMARK_CORPUS is not set: the real episodes were not checked");
            return;
        };
        let folder = std::path::Path::new(&corpus).join("episodes");
        let (mut files, mut taken) = (0, 0);
        for entry in std::fs::read_dir(folder).expect("the corpus's episodes") {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let (Some(front), _) = crate::episode::front_matter::split(&text) else {
                continue;
            };
            let front = crate::episode::text::clean(front);
            files += 1;
            if let Some(entries) = read_mapping(&front) {
                taken += 1;
                assert_eq!(Some(entries), by_parser(&front), "{front}");
            } else {
                eprintln!("left to the YAML parser: {}", path.display());
            }
        }
        eprintln!("{taken} of {files} front matter blocks read by hand");
        assert!(files > 0 && taken * 10 >= files * 9, "{taken} of {files}");
    }

    /// Values this reader takes, and values chosen for their traps.
    const GOOD: &[&str] = &[
        "plain text",
        "null",
        "Null",
        "true",
        "FALSE",
        "yes",
        "0",
        "7",
        "1.5",
        "007.5",
        "2022-10-20",
        "1:07:26",
        "1:2",
        "9999999999999999999",
        "'q'",
        "'it''s'",
        "''",
        "\"d\"",
        "\"\"",
        "a:b",
        "C d",
        "é",
        "x,y",
        "a ' b",
        "1 2",
        "inf",
        "nan",
        "https://x.y/z?v=1",
        "'open",
        "'open ",
        "'",
        "close'",
        "a '' b'",
        "x' ",
        "mid",
        "-VqmFI9vY7w",
        "9euy9gC48lc",
        "1 2 3",
        "1e5x",
        "-x y",
        "& b",
        "| c",
    ];
    const TRAPS: &[&str] = &[
        "~",
        "-3",
        "+3",
        "0123",
        "00",
        "1.",
        ".5",
        "1e5",
        "0x1f",
        "0o7",
        "0b1",
        ".inf",
        "-.inf",
        "2022-1-20",
        "12:",
        "99999999999999999999",
        "18446744073709551616",
        "-9223372036854775809",
        "a: b",
        "a #b",
        "a#b",
        "C#",
        "'a'b'",
        "\"a\\tb\"",
        "- x",
        "-x",
        "[a]",
        "{a: b}",
        "&a x",
        "*a",
        "!t x",
        "|",
        ">",
        "%x",
        "@x",
        "`x",
        "a\u{2028}b",
        "a\u{85}b",
        "\u{FEFF}a",
        "a\u{FFFE}",
        "1_000",
        "",
    ];

    /// Lines inside a quoted value over several lines.
    const QUOTED: &[&str] = &[
        "a",
        "b c ",
        "",
        " ",
        "it''s",
        "x'y",
        "#",
        ": ",
        "é",
        "---",
        "...",
        "- x",
        "a\u{2028}",
    ];

    /// A `'…'` value over several lines.
    fn quoted_lines() -> impl Strategy<Value = String> {
        let spaces = prop::sample::select(vec!["", " ", "  "]);
        let line = (spaces, prop::sample::select(QUOTED)).prop_map(|(a, t)| format!("{a}{t}"));
        prop::collection::vec(line, 1..5).prop_map(|lines| format!("'{}'", lines.join("\n")))
    }

    /// Lines of front matter: mostly ones this reader takes, with traps.
    fn piece() -> impl Strategy<Value = String> {
        let good = prop::sample::select(GOOD);
        let any = prop::sample::select([GOOD, TRAPS].concat());
        let key = prop::sample::select(vec!["title", "t-x", "_k", "k.k", "title"]);
        let odd_key = prop::sample::select(vec!["null", "True", "1", "a b", "-k", "é", "k "]);
        let spaces = prop::sample::select(vec!["", " ", "  ", "   "]);
        prop_oneof![
            6 => (key.clone(), spaces.clone(), good.clone())
                .prop_map(|(k, a, v)| format!("{k}: {a}{v}\n")),
            2 => (key.clone(), spaces.clone(), any.clone(), spaces.clone())
                .prop_map(|(k, a, v, b)| format!("{k}:{a}{v}{b}\n")),
            1 => (odd_key, any.clone()).prop_map(|(k, v)| format!("{k}: {v}\n")),
            2 => (key.clone(), spaces.clone()).prop_map(|(k, a)| format!("{k}:{a}\n")),
            3 => (spaces.clone(), good).prop_map(|(a, v)| format!("{a}- {v}\n")),
            1 => (spaces.clone(), any).prop_map(|(a, v)| format!("{a}{v}\n")),
            1 => spaces.prop_map(|a| format!("{a}\n")),
            3 => (key.clone(), quoted_lines()).prop_map(|(k, v)| format!("{k}: {v}\n")),
        ]
    }

    /// The generated blocks exercise both sides: many taken by this
    /// reader (so the agreement below checks something), many left.
    #[test]
    fn the_generated_blocks_go_both_ways() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let blocks = prop::collection::vec(piece(), 1..8);
        let (mut taken, mut left) = (0, 0);
        for _ in 0..2000 {
            let yaml = blocks.new_tree(&mut runner).unwrap().current().concat();
            match read_mapping(&yaml) {
                Some(_) => taken += 1,
                None => left += 1,
            }
        }
        assert!(taken >= 200 && left >= 200, "{taken} taken, {left} left");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Whatever this reader accepts, the YAML parser reads the same.
        #[test]
        fn agrees_with_the_yaml_parser(pieces in prop::collection::vec(piece(), 0..8)) {
            let yaml = pieces.concat();
            if let Some(entries) = read_mapping(&yaml) {
                prop_assert_eq!(Some(entries), by_parser(&yaml), "{:?}", yaml);
            }
        }
    }
}
