//! A buffer kept from file to file that files are read into at a
//! cache-line-aligned address.
//!
//! Why aligned: the kernel copies a file's cached pages into the reader's
//! memory with `rep movsb`, which runs at half speed or less when the
//! destination is not 64-byte aligned and not already in the CPU's cache
//! (a 64 KiB buffer reused for every read stays in the cache, and is
//! copied to at full speed either way; a whole file's buffer does not). A
//! `Vec<u8>` large enough to hold a transcript is its own `mmap`ed chunk,
//! and the allocator hands out such chunks 16 bytes into a page: reading
//! 900 WebVTT files of a folder into one cost 2.5× the system time of
//! reading them 64 bytes in (140 against 55 ms for 124 MB, on this
//! project's 2-core AMD VM). The buffer keeps its memory between files, so
//! it is zeroed only when it grows: reading a folder costs no page faults
//! or memset per file.

use std::io::{self, Read};

/// Cache line size the start of the bytes is aligned to.
const ALIGN: usize = 64;

/// Bytes read ahead of what the file was said to hold, so that the read
/// that finds the end needs no room of its own.
const SLACK: usize = 4096;

/// See the module comment.
#[derive(Debug, Default)]
pub struct ReadBuffer {
    /// Zeroed once, when grown; the bytes read start at `start`.
    storage: Vec<u8>,
    start: usize,
    len: usize,
}

impl ReadBuffer {
    /// An empty buffer; it allocates on its first read.
    pub const fn new() -> ReadBuffer {
        ReadBuffer {
            storage: Vec::new(),
            start: 0,
            len: 0,
        }
    }

    /// The bytes the last [`ReadBuffer::fill`] read.
    pub fn bytes(&self) -> &[u8] {
        &self.storage[self.start..self.start + self.len]
    }

    /// Replaces what the buffer holds with everything `from` gives, but
    /// no more than `limit` bytes: a source that gives more stops at the
    /// limit, and memory stays bounded by it. `expected` is how much the
    /// source is thought to hold (its file's size), room for which is made
    /// at once.
    pub fn fill(&mut self, from: impl Read, expected: u64, limit: u64) -> io::Result<()> {
        self.fill_with(from, expected, limit, false)
    }

    /// [`ReadBuffer::fill`], taking a read that gives less than there was
    /// room for as the end, as it is for a regular file, rather than
    /// reading once more to see nothing come: for files that prove their
    /// own completeness (a search cache entry, refused when cut short),
    /// where the extra read was one system call in four.
    pub fn fill_until_short_read(
        &mut self,
        from: impl Read,
        expected: u64,
        limit: u64,
    ) -> io::Result<()> {
        self.fill_with(from, expected, limit, true)
    }

    fn fill_with(
        &mut self,
        mut from: impl Read,
        expected: u64,
        limit: u64,
        short_read_ends: bool,
    ) -> io::Result<()> {
        self.len = 0;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let first = usize::try_from(expected).unwrap_or(usize::MAX);
        self.make_room(first.min(limit).saturating_add(SLACK).min(limit));
        while self.len < limit {
            if self.start + self.len == self.storage.len() {
                let more = (self.len.max(SLACK)).saturating_mul(2).min(limit);
                self.make_room(more);
            }
            let end = self.storage.len().min(self.start.saturating_add(limit));
            let room = end - (self.start + self.len);
            match from.read(&mut self.storage[self.start + self.len..end]) {
                Ok(0) => return Ok(()),
                Ok(n) if short_read_ends && n < room => {
                    self.len += n;
                    return Ok(());
                }
                Ok(n) => self.len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Grows the storage so that `wanted` bytes fit after an aligned
    /// start, keeping the bytes read so far (moved if the start moved).
    fn make_room(&mut self, wanted: usize) {
        if self.storage.len() >= self.start + wanted && self.is_aligned() {
            return;
        }
        let old_start = self.start;
        let total = wanted.saturating_add(ALIGN);
        if self.storage.len() < total {
            self.storage.resize(total, 0);
        }
        self.start = self.storage.as_ptr().align_offset(ALIGN).min(ALIGN);
        if self.start != old_start {
            let kept = old_start..old_start + self.len;
            self.storage.copy_within(kept, self.start);
        }
    }

    fn is_aligned(&self) -> bool {
        self.storage[self.start..].as_ptr().align_offset(ALIGN) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives its bytes a few at a time, as a pipe does.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
            let n = into.len().min(self.0.len()).min(7);
            into[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn reads_everything_at_an_aligned_address() {
        let mut buffer = ReadBuffer::new();
        for len in [0, 1, 63, 4096, 100_000, 20_000] {
            let data = sample(len);
            buffer.fill(&data[..], len as u64, u64::MAX).expect("read");
            assert_eq!(buffer.bytes(), &data[..]);
            assert_eq!(buffer.bytes().as_ptr().align_offset(ALIGN), 0, "{len}");
        }
    }

    /// A source holding more than it was said to (a file that grew) is
    /// read whole, the bytes read before each growth kept.
    #[test]
    fn a_source_larger_than_expected_is_read_whole() {
        let data = sample(300_000);
        let mut buffer = ReadBuffer::new();
        buffer.fill(Trickle(&data), 10, u64::MAX).expect("read");
        assert_eq!(buffer.bytes(), &data[..]);
        buffer.fill(&data[..1000], 1000, u64::MAX).expect("read");
        assert_eq!(buffer.bytes(), &data[..1000], "the last read only");
    }

    /// Counts the reads made of it.
    struct CountedReads<'a>(&'a [u8], usize);

    impl Read for CountedReads<'_> {
        fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
            self.1 += 1;
            self.0.read(into)
        }
    }

    /// Ended by a short read, a source is read in one read when there is
    /// room for it, and whole when there is not (the buffer grows until a
    /// read leaves room over), never past the limit.
    #[test]
    fn a_short_read_ends_the_fill() {
        let mut buffer = ReadBuffer::new();
        for len in [0, 10, 4095, 4096, 4097, 70_000, 9_000] {
            let data = sample(len);
            let mut source = CountedReads(&data, 0);
            buffer
                .fill_until_short_read(&mut source, 0, u64::MAX)
                .expect("read");
            assert_eq!(buffer.bytes(), &data[..], "{len}");
            assert!(source.1 <= 1 + len / SLACK, "{len}: {} reads", source.1);
        }
        let mut source = CountedReads(&[7; 9_000], 0);
        buffer
            .fill_until_short_read(&mut source, 0, 9_000)
            .expect("read");
        assert_eq!(buffer.bytes().len(), 9_000, "up to the limit");
        let data = sample(20_000);
        buffer
            .fill_until_short_read(Trickle(&data), 0, 100)
            .expect("read");
        assert_eq!(
            buffer.bytes(),
            &data[..7],
            "a trickle stops at its first short read"
        );
    }

    /// Memory stays bounded by the limit, whatever the source holds or
    /// is said to hold.
    #[test]
    fn stops_at_the_limit() {
        let data = sample(50_000);
        let mut buffer = ReadBuffer::new();
        buffer.fill(&data[..], u64::MAX, 1001).expect("read");
        assert_eq!(buffer.bytes(), &data[..1001]);
        assert!(
            buffer.storage.len() <= 1001 + ALIGN,
            "{}",
            buffer.storage.len()
        );
        buffer.fill(Trickle(&data), 0, 30_000).expect("read");
        assert_eq!(buffer.bytes(), &data[..30_000]);
    }
}
