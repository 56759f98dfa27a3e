//! JSON values read without ever failing: a field a producer filled with
//! something unexpected reads as nothing rather than refusing the file.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::formats::timestamp::{Ms, seconds_to_ms};

/// A number, a string (borrowed from the file unless it held escapes),
/// or anything else (read as nothing).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Scalar<'de> {
    #[default]
    Nothing,
    Int(i64),
    Float(f64),
    Text(Cow<'de, str>),
    Bool(bool),
}

impl Scalar<'_> {
    /// The value as a number: numbers, and strings holding one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Scalar::Int(n) => Some(*n as f64),
            Scalar::Float(n) => Some(*n),
            Scalar::Text(s) => s.trim().parse().ok().filter(|n: &f64| n.is_finite()),
            _ => None,
        }
    }

    /// Seconds as whole milliseconds.
    pub fn seconds_ms(&self) -> Option<Ms> {
        seconds_to_ms(self.number()?)
    }

    /// Milliseconds, as whole milliseconds.
    pub fn ms(&self) -> Option<Ms> {
        seconds_to_ms(self.number()? / 1000.0)
    }

    /// The value as text: strings only.
    pub fn text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the value is a whole number written without a fraction.
    pub fn is_int(&self) -> bool {
        matches!(self, Scalar::Int(_))
    }

    /// Whether the field held anything at all.
    pub fn is_present(&self) -> bool {
        !matches!(self, Scalar::Nothing)
    }

    /// `true`, or a truthy number.
    pub fn truthy(&self) -> bool {
        match self {
            Scalar::Bool(b) => *b,
            Scalar::Int(n) => *n != 0,
            _ => false,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor(PhantomData))
    }
}

struct ScalarVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
    type Value = Scalar<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'a>, E> {
        Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_none<E>(self) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'a>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nothing)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'a>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nothing)
    }
}

/// A list whose elements are objects of type `T`; anything that is not a
/// list reads as empty, and elements that are not objects are skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

/// An element of a [`List`]: an object read into `T`, or something else.
enum Element<T> {
    Object(T),
    Other,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ElementVisitor(PhantomData))
    }
}

struct ElementVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ElementVisitor<T> {
    type Value = Element<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Element::Object)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Element<T>, E> {
        Ok(Element::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Element<T>, E> {
        Ok(Element::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Element<T>, E> {
        Ok(Element::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Element<T>, E> {
        Ok(Element::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Element<T>, E> {
        Ok(Element::Other)
    }
    fn visit_unit<E>(self) -> Result<Element<T>, E> {
        Ok(Element::Other)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut items = Vec::new();
        Stream::new(&mut |item| items.push(item)).deserialize(deserializer)?;
        Ok(List(items))
    }
}

/// Hands a list's objects of type `T` to a function one at a time, as
/// they are parsed, so that a long list is never held whole; anything
/// that is not a list hands nothing, and elements that are not objects
/// are skipped.
pub struct Stream<'s, F, T>(&'s mut F, PhantomData<T>);

impl<'s, T, F: FnMut(T)> Stream<'s, F, T> {
    /// A stream handing each object to `take`.
    pub fn new(take: &'s mut F) -> Self {
        Stream(take, PhantomData)
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(T)> DeserializeSeed<'de> for Stream<'_, F, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(StreamVisitor(self.0, self.1))
    }
}

struct StreamVisitor<'s, F, T>(&'s mut F, PhantomData<T>);

impl<'de, T: Deserialize<'de>, F: FnMut(T)> Visitor<'de> for StreamVisitor<'_, F, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<Element<T>>()? {
            if let Element::Object(item) = element {
                (self.0)(item);
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// An object of type `T`, or `None` when the field held something else.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj<T>(pub Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let element = deserializer.deserialize_any(ElementVisitor(PhantomData))?;
        Ok(Obj(match element {
            Element::Object(item) => Some(item),
            Element::Other => None,
        }))
    }
}
