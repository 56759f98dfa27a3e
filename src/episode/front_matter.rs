//! The optional YAML block at the top of a file, read by serde_yaml into
//! plain JSON values with every string cleaned.

use std::ops::Range;

use serde_json::{Map, Number, Value};

use super::yaml_value::YamlValue as Yaml;

use super::text::{clean, clean_one_line};

/// A front matter block bigger than this is ignored (with a warning): real
/// ones are a few KB, and YAML parsing cost is not linear on hostile input.
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// Deepest `[`/`{` nesting handed to the YAML parser. Its scanner does work
/// proportional to the nesting depth for every token, so 100,000 `[` in a
/// 100 KB block would take minutes; serde_yaml refuses anything nested
/// deeper than 128 anyway, so nothing readable is lost.
pub const MAX_FLOW_NESTING: usize = 128;

/// The metadata and what went wrong reading it.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub metadata: Map<String, Value>,
    pub warnings: Vec<String>,
}

/// Splits `---`-fenced front matter from the body. Without a closing fence
/// there is no front matter: the whole text is body.
pub fn split(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = strip_fence(text) else {
        return (None, text);
    };
    match closing_fence(rest) {
        Some(fence) => (Some(&rest[..fence.start]), &rest[fence.end..]),
        None => (None, text),
    }
}

/// The first fence line of `rest` with its `\n`, if any. A fence line
/// starts with `---` (only its end is trimmed), so only the lines that
/// do are looked at, found by a search for `\n---` rather than line by
/// line: `earmark search` splits every file it reads, and walking the
/// front matter's lines a char at a time was ~3% of searching for a
/// common word.
fn closing_fence(rest: &str) -> Option<Range<usize>> {
    let bytes = rest.as_bytes();
    let after_newlines = memchr::memmem::find_iter(bytes, b"\n---").map(|at| at + 1);
    let starts = std::iter::once(0)
        .filter(|_| bytes.starts_with(b"---"))
        .chain(after_newlines);
    starts
        .map(|start| line_at(rest, start))
        .find(|line| is_fence(&rest[line.clone()]))
}

/// The line of `text` starting at `start`, its `\n` included.
fn line_at(text: &str, start: usize) -> Range<usize> {
    let end =
        memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |n| start + n + 1);
    start..end
}

/// The text after an opening `---` line, if the text starts with one.
fn strip_fence(text: &str) -> Option<&str> {
    let end = text.find('\n').unwrap_or(text.len());
    is_fence(&text[..end]).then(|| &text[(end + 1).min(text.len())..])
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Reads the YAML. Broken YAML is a warning and no metadata, never an error.
pub fn parse(yaml: Option<&str>) -> FrontMatter {
    let mut front = FrontMatter::default();
    let Some(yaml) = yaml else {
        return front;
    };
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        front.warnings.push(format!(
            "front matter ignored: larger than {} KiB",
            MAX_FRONT_MATTER_BYTES / 1024
        ));
        return front;
    }
    if yaml.trim().is_empty() {
        return front;
    }
    if flow_nesting_exceeds(yaml, MAX_FLOW_NESTING) {
        front.warnings.push(format!(
            "front matter ignored: brackets nested deeper than {MAX_FLOW_NESTING} levels"
        ));
        return front;
    }
    // Raw control characters make YAML refuse the whole block, so they go
    // first; YAML escapes (`"\e"`) can still produce some, hence the values
    // are cleaned again after parsing.
    let yaml = clean(yaml);
    let read = match super::plain_yaml::read_mapping(&yaml) {
        Some(entries) => Ok(Yaml::Mapping(entries)),
        None => serde_yaml::from_str::<Yaml>(&yaml),
    };
    match read {
        Ok(Yaml::Mapping(entries)) => {
            for (key, value) in entries {
                if let Some(key) = key_text(&key) {
                    front.metadata.insert(key, to_json(value));
                }
            }
        }
        Ok(Yaml::Null) => {}
        Ok(_) => front
            .warnings
            .push("front matter ignored: not a list of keys and values".into()),
        Err(error) => front.warnings.push(format!(
            "front matter ignored: broken YAML: {}",
            counted_in_file(&clean_one_line(&error.to_string()))
        )),
    }
    front
}

/// The YAML parser counts lines from the top of the block, which starts on
/// the file's second line (below the opening `---`): its `line N` become
/// the file's, the numbers an editor shows.
fn counted_in_file(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (before, after) = rest.split_at(at + "line ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(line) = after[..digits].parse::<u64>() {
            out.push_str(&line.saturating_add(1).to_string());
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Whether unclosed `[` and `{` ever pile up past `limit`. Brackets inside
/// quoted or plain strings count too: an over-estimate of the real nesting,
/// which only refuses front matter with more than `limit` stray brackets.
fn flow_nesting_exceeds(yaml: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    for b in yaml.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Keys are shown as text; a key that is itself a list or map is dropped.
fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(clean_value(s)),
        Yaml::Int(n) => Some(n.to_string()),
        Yaml::Uint(n) => Some(n.to_string()),
        Yaml::Float(n) => Some(n.to_string()),
        Yaml::BigInt(digits) => Some(digits.clone()),
        Yaml::Bool(b) => Some(b.to_string()),
        Yaml::Null | Yaml::Sequence(_) | Yaml::Mapping(_) => None,
    }
}

/// Strings are cleaned and put on one line; numbers JSON cannot hold
/// (`.inf`, `.nan`, integers past 64 bits) become text. Depth is bounded by
/// serde_yaml's own recursion limit.
fn to_json(value: Yaml) -> Value {
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Int(n) => Value::from(n),
        Yaml::Uint(n) => Value::from(n),
        Yaml::Float(n) => {
            Number::from_f64(n).map_or_else(|| Value::String(float_text(n)), Value::Number)
        }
        Yaml::BigInt(digits) => Value::String(digits),
        Yaml::String(s) => Value::String(clean_value(&s)),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Yaml::Mapping(entries) => Value::Object(
            entries
                .into_iter()
                .filter_map(|(k, v)| Some((key_text(&k)?, to_json(v))))
                .collect(),
        ),
    }
}

/// `.inf`, `-.inf` and `.nan` as YAML writes them.
fn float_text(n: f64) -> String {
    serde_yaml::Number::from(n).to_string()
}

/// A YAML number as a JSON one; `None` for `.inf` and `.nan`, which JSON
/// cannot hold (callers choose what stands in for them).
pub fn json_number(n: &serde_yaml::Number) -> Option<Value> {
    if let Some(i) = n.as_i64() {
        Some(Value::from(i))
    } else if let Some(u) = n.as_u64() {
        Some(Value::from(u))
    } else {
        n.as_f64().and_then(Number::from_f64).map(Value::Number)
    }
}

/// Metadata is shown on one line (sidebar, dump header), and a title with a
/// newline would break the layout: YAML block scalars are folded here.
fn clean_value(text: &str) -> String {
    clean_one_line(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fenced_front_matter() {
        assert_eq!(split("---\na: 1\n---\nbody"), (Some("a: 1\n"), "body"));
        assert_eq!(
            split("---\r\na: 1\r\n---\r\nbody"),
            (Some("a: 1\r\n"), "body")
        );
        assert_eq!(split("---\na: 1\nno end"), (None, "---\na: 1\nno end"));
        assert_eq!(split("body"), (None, "body"));
        assert_eq!(split("---\n---\n"), (Some(""), ""));
    }

    /// The split by line walk the fence search replaced.
    fn split_by_lines(text: &str) -> (Option<&str>, &str) {
        let Some(rest) = strip_fence(text) else {
            return (None, text);
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if is_fence(line) {
                return (Some(&rest[..offset]), &rest[offset + line.len()..]);
            }
            offset += line.len();
        }
        (None, text)
    }

    proptest::proptest! {
        /// Texts made of fence-like pieces split as the line walk splits
        /// them: fences with trailing spaces, tabs, `\r` and Unicode
        /// spaces, `---` inside and at the end of lines, four dashes, no
        /// final newline.
        #[test]
        fn the_fence_search_splits_as_the_line_walk(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "---", "---\n", "--- \n", "---\t\r\n", "---\u{2003}\n", "----\n",
                    " ---\n", "a---\n", "a: 1\n", "\n", "\r\n", "x", "é", "--", "-",
                ]),
                0..12,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(split(&text), split_by_lines(&text));
        }
    }

    #[test]
    fn keeps_keys_in_order_and_cleans_strings() {
        let front = parse(Some("b: 2\na: 'x\u{1b}[2Jy'\nc: [1, two]\n"));
        let keys: Vec<_> = front.metadata.keys().cloned().collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(front.metadata["a"], "xy");
        assert!(front.warnings.is_empty());
    }

    #[test]
    fn broken_yaml_is_a_warning() {
        let front = parse(Some("title: [unclosed\n"));
        assert!(front.metadata.is_empty());
        assert!(
            front.warnings[0].contains("broken YAML"),
            "{:?}",
            front.warnings
        );
    }

    #[test]
    fn broken_yaml_names_the_line_in_the_file() {
        // Line 1 of the block is line 2 of the file.
        let front = parse(Some("guest: x\ntitle: [unclosed\n"));
        let warning = &front.warnings[0];
        assert!(warning.contains("at line 4 column 1"), "{warning}");
        assert!(
            warning.contains("flow sequence at line 3 column 8"),
            "{warning}"
        );
        assert_eq!(counted_in_file("line 9 and line x"), "line 10 and line x");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_the_yaml_parser_sees_it() {
        // 100,000 `[` took minutes in the YAML scanner; now it is immediate.
        let deep = format!("x: {}\n", "[".repeat(100_000));
        let front = parse(Some(&deep));
        assert!(front.metadata.is_empty());
        assert!(
            front.warnings[0].contains("nested deeper"),
            "{:?}",
            front.warnings
        );
        // Balanced brackets and moderate nesting are still read.
        let fine = format!(
            "x: {}1{}\ny: [a, {{b: c}}]\n",
            "[".repeat(20),
            "]".repeat(20)
        );
        let front = parse(Some(&fine));
        assert!(front.warnings.is_empty(), "{:?}", front.warnings);
        assert!(flow_nesting_exceeds(&"[".repeat(129), 128));
        assert!(!flow_nesting_exceeds(&"[]".repeat(1000), 128));
    }

    #[test]
    fn multi_line_values_are_folded_onto_one_line() {
        let front = parse(Some("title: |\n  Two\n  lines\nk: [\"a\\n b\"]\n"));
        assert_eq!(front.metadata["title"], "Two lines");
        assert_eq!(front.metadata["k"][0], "a b");
    }

    #[test]
    fn an_integer_past_64_bits_is_kept_as_text_with_every_other_key() {
        let front = parse(Some(
            "title: T\nbig: 123456789012345678901234567890\nneg: -99999999999999999999\nn: 7\nx: .inf\n",
        ));
        assert!(front.warnings.is_empty(), "{:?}", front.warnings);
        assert_eq!(front.metadata["title"], "T");
        assert_eq!(front.metadata["big"], "123456789012345678901234567890");
        assert_eq!(front.metadata["neg"], "-99999999999999999999");
        assert_eq!(front.metadata["n"], 7);
        assert_eq!(front.metadata["x"], ".inf");
    }

    #[test]
    fn yaml_escapes_are_cleaned_after_parsing() {
        let front = parse(Some("title: \"a\\e]0;pwned\\ab\"\n"));
        assert_eq!(front.metadata["title"], "ab");
    }
}
