//! The optional YAML block at the top of a file, read by serde_yaml into
//! plain JSON values with every string cleaned.

use serde_json::{Map, Number, Value};
use serde_yaml::Value as Yaml;

use super::text::clean;

/// A front matter block bigger than this is ignored (with a warning): real
/// ones are a few KB, and YAML parsing cost is not linear on hostile input.
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

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
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if is_fence(line) {
            let body = &rest[offset + line.len()..];
            return (Some(&rest[..offset]), body);
        }
        offset += line.len();
    }
    (None, text)
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
    // Raw control characters make YAML refuse the whole block, so they go
    // first; YAML escapes (`"\e"`) can still produce some, hence the values
    // are cleaned again after parsing.
    match serde_yaml::from_str::<Yaml>(&clean(yaml)) {
        Ok(Yaml::Mapping(map)) => {
            for (key, value) in map {
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
            one_line(&error.to_string())
        )),
    }
    front
}

fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keys are shown as text; a key that is itself a list or map is dropped.
fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(clean_value(s)),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        Yaml::Tagged(tagged) => key_text(&tagged.value),
        _ => None,
    }
}

/// Strings are cleaned and trimmed; numbers JSON cannot hold become text.
/// Depth is bounded by serde_yaml's own recursion limit.
fn to_json(value: Yaml) -> Value {
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => yaml_number(&n),
        Yaml::String(s) => Value::String(clean_value(&s)),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Yaml::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| Some((key_text(&k)?, to_json(v))))
                .collect(),
        ),
        Yaml::Tagged(tagged) => to_json(tagged.value),
    }
}

fn yaml_number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::from(i)
    } else if let Some(u) = n.as_u64() {
        Value::from(u)
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(n.to_string()), Value::Number)
    }
}

fn clean_value(text: &str) -> String {
    clean(text).trim().to_string()
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
    fn yaml_escapes_are_cleaned_after_parsing() {
        let front = parse(Some("title: \"a\\e]0;pwned\\ab\"\n"));
        assert_eq!(front.metadata["title"], "ab");
    }
}
