//! A YAML value as front matter needs it: like `serde_yaml::Value`, but an
//! integer too large for 64 bits is kept as its digits instead of failing
//! the whole document (serde_yaml's own value refuses it, and one such key
//! used to drop every other key with it).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};

/// One YAML node, tags dropped (their value kept).
#[derive(Debug, Clone, PartialEq)]
pub enum YamlValue {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// An integer outside 64 bits, as written (sign and digits).
    BigInt(String),
    String(String),
    Sequence(Vec<YamlValue>),
    /// Keys and values in document order.
    Mapping(Vec<(YamlValue, YamlValue)>),
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> de::Visitor<'de> for ValueVisitor {
    type Value = YamlValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<YamlValue, E> {
        Ok(YamlValue::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<YamlValue, E> {
        Ok(YamlValue::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<YamlValue, E> {
        Ok(YamlValue::Uint(n))
    }

    fn visit_i128<E>(self, n: i128) -> Result<YamlValue, E> {
        Ok(YamlValue::BigInt(n.to_string()))
    }

    fn visit_u128<E>(self, n: u128) -> Result<YamlValue, E> {
        Ok(YamlValue::BigInt(n.to_string()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<YamlValue, E> {
        Ok(YamlValue::Float(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<YamlValue, E> {
        Ok(YamlValue::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<YamlValue, E> {
        Ok(YamlValue::String(s))
    }

    fn visit_unit<E>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }

    fn visit_none<E>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<YamlValue, D::Error> {
        YamlValue::deserialize(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlValue::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(YamlValue::Mapping(entries))
    }

    /// A tagged value (`!tag value`): the value, as serde_yaml's own
    /// value type gives it under `Tagged`.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<YamlValue, A::Error> {
        let (_tag, value): (String, _) = data.variant()?;
        value.newtype_variant()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> YamlValue {
        serde_yaml::from_str(yaml).expect("valid YAML")
    }

    #[test]
    fn integers_past_64_bits_are_kept_as_digits() {
        let big = read("big: 123456789012345678901234567890\nsmall: -3\nu: 18446744073709551615");
        assert_eq!(
            big,
            YamlValue::Mapping(vec![
                (
                    YamlValue::String("big".into()),
                    YamlValue::BigInt("123456789012345678901234567890".into())
                ),
                (YamlValue::String("small".into()), YamlValue::Int(-3)),
                (YamlValue::String("u".into()), YamlValue::Uint(u64::MAX)),
            ])
        );
        let negative = read("-123456789012345678901234567890");
        assert_eq!(
            negative,
            YamlValue::BigInt("-123456789012345678901234567890".into())
        );
    }

    #[test]
    fn tags_keep_their_value() {
        assert_eq!(read("!thing 5"), YamlValue::Uint(5));
        assert_eq!(
            read("!thing [a]"),
            YamlValue::Sequence(vec![YamlValue::String("a".into())])
        );
    }
}
