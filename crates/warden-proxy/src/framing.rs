//! Newline framing of a byte stream into JSON-RPC messages.
//!
//! The stdio transport sends one message per line. The framer accumulates bytes, yields each
//! complete line (without its `\n` and an optional `\r`), skips blank lines, and never holds more
//! than `max` bytes of one line: a longer line is discarded as it streams in and reported once,
//! when its end arrives, as [`Frame::Oversized`].

use std::io::{self, Read};

use memchr::memchr;

/// One item produced by the framer.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A complete line, without the trailing `\n` / `\r\n`.
    Line(&'a [u8]),
    /// A line longer than the limit was discarded; `len` is its length in bytes.
    Oversized { len: usize },
}

/// Incremental line framer with a length cap.
#[derive(Debug)]
pub struct Framer {
    /// Always fully initialised; `buf[start..end]` holds unconsumed data.
    buf: Vec<u8>,
    end: usize,
    /// Start of unconsumed data in `buf`.
    start: usize,
    /// How far `buf[start..]` has been searched for a newline already.
    scanned: usize,
    max: usize,
    /// Bytes of an oversized line discarded so far (`Some` while discarding).
    discarding: Option<usize>,
}

const READ_CHUNK: usize = 64 * 1024;
/// Buffer capacity kept between messages.
const KEEP: usize = 8 << 20;

impl Framer {
    /// A framer that yields lines of at most `max` bytes (excluding the newline).
    pub fn new(max: usize) -> Self {
        Framer {
            buf: Vec::new(),
            end: 0,
            start: 0,
            scanned: 0,
            max: max.max(1),
            discarding: None,
        }
    }

    /// Appends bytes (for tests and fuzzing; the relay uses [`Framer::read_from`]).
    pub fn push(&mut self, data: &[u8]) {
        self.compact();
        self.reserve(data.len());
        self.buf[self.end..self.end + data.len()].copy_from_slice(data);
        self.end += data.len();
    }

    fn reserve(&mut self, additional: usize) {
        if self.buf.len() - self.end < additional {
            let want = (self.end + additional)
                .max(self.buf.len() * 2)
                .max(READ_CHUNK);
            self.buf.resize(want, 0);
        }
    }

    /// Reads once from `r` into the buffer. Returns the number of bytes read (0 at end of file).
    pub fn read_from<R: Read + ?Sized>(&mut self, r: &mut R) -> io::Result<usize> {
        self.compact();
        if self.buf.len() - self.end < READ_CHUNK / 4 {
            self.reserve(READ_CHUNK);
        }
        let n = loop {
            match r.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        Ok(n)
    }

    /// Ends the stream: an unterminated last line becomes a frame of its own.
    pub fn finish(&mut self) {
        if self.pending_len() > 0 || self.discarding.is_some() {
            self.push(b"\n");
        }
    }

    /// Bytes buffered but not yet part of a complete line.
    pub fn pending_len(&self) -> usize {
        self.end - self.start
    }

    /// Whether a partial (unterminated) line is buffered or being discarded.
    pub fn has_partial(&self) -> bool {
        self.discarding.is_some()
            || self.buf[self.start..self.end]
                .iter()
                .any(|b| !b.is_ascii_whitespace())
    }

    /// The next complete frame, if any.
    pub fn next_frame(&mut self) -> Option<Frame<'_>> {
        loop {
            let avail = &self.buf[self.start..self.end];
            match memchr(b'\n', &avail[self.scanned..]) {
                Some(pos) => {
                    let end = self.scanned + pos;
                    let line_start = self.start;
                    self.start += end + 1;
                    self.scanned = 0;
                    if let Some(dropped) = self.discarding.take() {
                        return Some(Frame::Oversized { len: dropped + end });
                    }
                    let mut line = &self.buf[line_start..line_start + end];
                    if let [rest @ .., b'\r'] = line {
                        line = rest;
                    }
                    if line.len() > self.max {
                        return Some(Frame::Oversized { len: line.len() });
                    }
                    if line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
                        continue;
                    }
                    return Some(Frame::Line(&self.buf[line_start..line_start + line.len()]));
                }
                None => {
                    let pending = avail.len();
                    // A `\r` may still precede the newline, hence `max + 1`.
                    if pending > self.max + 1 || (self.discarding.is_some() && pending > 0) {
                        *self.discarding.get_or_insert(0) += pending;
                        self.start = 0;
                        self.end = 0;
                        self.scanned = 0;
                    } else {
                        self.scanned = pending;
                    }
                    return None;
                }
            }
        }
    }

    fn compact(&mut self) {
        if self.start == 0 {
            return;
        }
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        // Keep memory bounded after a burst of very large lines, but keep a buffer that fits
        // common large results: regrowing it for every message costs page faults.
        if self.buf.len() > KEEP && self.end < READ_CHUNK {
            self.buf.truncate(KEEP);
            self.buf.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(f: &mut Framer) -> Vec<String> {
        let mut v = Vec::new();
        while let Some(fr) = f.next_frame() {
            v.push(match fr {
                Frame::Line(l) => String::from_utf8_lossy(l).into_owned(),
                Frame::Oversized { len } => format!("<oversized {len}>"),
            });
        }
        v
    }

    #[test]
    fn splits_lines_and_strips_crlf() {
        let mut f = Framer::new(100);
        f.push(b"{\"a\":1}\r\n{\"b\":2}\n\n  \n{\"c\"");
        assert_eq!(frames(&mut f), vec!["{\"a\":1}", "{\"b\":2}"]);
        f.push(b":3}\n");
        assert_eq!(frames(&mut f), vec!["{\"c\":3}"]);
        assert!(!f.has_partial());
    }

    #[test]
    fn oversized_line_is_discarded_and_reported_once() {
        let mut f = Framer::new(8);
        f.push(b"0123456789abc");
        assert_eq!(frames(&mut f), Vec::<String>::new());
        f.push(b"def");
        assert_eq!(frames(&mut f), Vec::<String>::new());
        assert!(f.pending_len() == 0, "discarded bytes are not kept");
        f.push(b"gh\n{\"ok\":1}\n");
        assert_eq!(frames(&mut f), vec!["<oversized 18>", "{\"ok\":1}"]);
    }

    #[test]
    fn line_of_exactly_max_bytes_with_crlf_passes() {
        let mut f = Framer::new(4);
        f.push(b"abcd\r");
        assert_eq!(frames(&mut f), Vec::<String>::new());
        f.push(b"\nabcde\n");
        assert_eq!(frames(&mut f), vec!["abcd", "<oversized 5>"]);
    }
}
