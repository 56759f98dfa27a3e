//! A list whose first items decide how it is read: they are held until
//! [`SHAPE_SAMPLE`] have come (or the list ends), then a reader chosen by
//! them reads them and every later item as it is parsed, so that a long
//! list is never held whole.

/// How many items the shape is judged on.
pub const SHAPE_SAMPLE: usize = 20;

/// Reads a list's items one at a time.
pub trait Push<T> {
    /// Reads one item.
    fn push(&mut self, item: &T);
}

/// A list being read: its sample, then its reader.
pub struct Sampled<'a, T, R> {
    sample: Vec<T>,
    reader: Option<R>,
    /// Picks the reader from the sample; its texts may borrow from `input`.
    choose: fn(&[T], &'a str) -> R,
    input: &'a str,
}

impl<'a, T: Clone, R: Push<T>> Sampled<'a, T, R> {
    /// A list of `input` whose reader `choose` picks from the sample.
    pub fn new(choose: fn(&[T], &'a str) -> R, input: &'a str) -> Self {
        Sampled {
            sample: Vec::new(),
            reader: None,
            choose,
            input,
        }
    }

    /// Takes the next item of the list (a copy of it while the sample is
    /// taken: the items are large, and moving each one through the calls
    /// cost more than reading it).
    pub fn push(&mut self, item: &T) {
        if let Some(reader) = &mut self.reader {
            reader.push(item);
            return;
        }
        self.sample.push(item.clone());
        if self.sample.len() >= SHAPE_SAMPLE {
            self.reader = Some(self.chosen());
        }
    }

    /// The reader, once the whole list was read.
    pub fn finish(mut self) -> R {
        match self.reader.take() {
            Some(reader) => reader,
            None => self.chosen(),
        }
    }

    /// The reader the sample chooses, the sample read into it.
    fn chosen(&mut self) -> R {
        let mut reader = (self.choose)(&self.sample, self.input);
        for item in self.sample.drain(..) {
            reader.push(&item);
        }
        reader
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(bool, Vec<u32>);

    impl Push<u32> for Collect {
        fn push(&mut self, item: &u32) {
            self.1.push(*item);
        }
    }

    fn any_odd(sample: &[u32], _: &str) -> Collect {
        Collect(sample.iter().any(|n| n % 2 == 1), Vec::new())
    }

    #[test]
    fn the_sample_chooses_and_every_item_is_read_in_order() {
        let mut list = Sampled::new(any_odd, "");
        (0..50)
            .map(|n| n * 2 + u32::from(n == 30))
            .for_each(|n| list.push(&n));
        let reader = list.finish();
        assert!(!reader.0, "an odd item after the sample does not choose");
        assert_eq!(reader.1.len(), 50);
        assert_eq!(reader.1[..3], [0, 2, 4]);
        let mut short = Sampled::new(any_odd, "");
        short.push(&3);
        assert!(short.finish().0);
    }
}
