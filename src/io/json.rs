//! A JSON writer for large outputs: the layout of `serde_json`'s pretty printer, byte for byte
//! (two-space indents, `"key": value`, `[]` and `{}` when empty), written straight into a buffer
//! that is handed to the output every 64 KiB. `serde_json` through a writer makes several small
//! writes per value for the indentation alone; the exports write millions of values.

use std::io::Write;

/// How much is gathered before it is written out.
const CHUNK: usize = 1 << 16;

/// Indentation, sliced to the depth needed (deeper levels repeat it).
const SPACES: &[u8; 64] = b"                                                                ";

/// Writes pretty JSON to `out`. Containers are opened and closed explicitly; [`Self::key`]
/// starts an object's member, [`Self::item`] an array's element.
pub struct PrettyJson<'w> {
    out: &'w mut dyn Write,
    buf: Vec<u8>,
    depth: usize,
    /// Nothing has been written in the innermost open container yet.
    empty: bool,
}

impl<'w> PrettyJson<'w> {
    /// A writer into `out`.
    pub fn new(out: &'w mut dyn Write) -> Self {
        Self { out, buf: Vec::with_capacity(CHUNK + 4096), depth: 0, empty: false }
    }

    /// Writes out what is gathered once it is a chunk's worth.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn indent(&mut self, depth: usize) {
        let mut left = 2 * depth;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.buf.extend_from_slice(&SPACES[..n]);
            left -= n;
        }
    }

    /// The separator and indentation before a member or an element.
    fn next(&mut self) -> std::io::Result<()> {
        self.spill()?;
        if self.empty {
            self.buf.push(b'\n');
        } else {
            self.buf.extend_from_slice(b",\n");
        }
        self.empty = false;
        self.indent(self.depth);
        Ok(())
    }

    /// Starts an object's member: `"key": ` (keys are plain ASCII names, written as they are).
    ///
    /// # Errors
    /// What writing to the output reports.
    pub fn key(&mut self, key: &str) -> std::io::Result<()> {
        self.next()?;
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\": ");
        Ok(())
    }

    /// Starts an array's element.
    ///
    /// # Errors
    /// What writing to the output reports.
    pub fn item(&mut self) -> std::io::Result<()> {
        self.next()
    }

    /// Opens an object (`{`) or an array (`[`).
    pub fn open(&mut self, bracket: u8) {
        self.buf.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    /// Closes the innermost object (`}`) or array (`]`).
    pub fn close(&mut self, bracket: u8) {
        self.depth = self.depth.saturating_sub(1);
        if !self.empty {
            self.buf.push(b'\n');
            self.indent(self.depth);
        }
        self.buf.push(bracket);
        self.empty = false;
    }

    /// A string, escaped as JSON.
    pub fn string(&mut self, text: &str) {
        // `serde_json` escapes exactly as its pretty printer does; into a `Vec` it cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, text);
    }

    /// A string with nothing to escape (digits, a point, a sign), quoted as it is.
    pub fn plain_string(&mut self, text: &str) {
        self.buf.push(b'"');
        self.buf.extend_from_slice(text.as_bytes());
        self.buf.push(b'"');
    }

    /// A value already formatted as JSON (a number, `null`, or a quoted plain string).
    pub fn raw(&mut self, json: &[u8]) {
        self.buf.extend_from_slice(json);
    }

    /// A whole number.
    pub fn integer(&mut self, n: u64) {
        let mut digits = [0_u8; 20];
        let mut at = digits.len();
        let mut rest = n;
        loop {
            at -= 1;
            digits[at] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[at..]);
    }

    /// A value that `serde_json` formats, pretty and indented to the current depth (for the
    /// small, irregular parts of a document).
    ///
    /// # Errors
    /// When `serde_json` cannot format the value.
    pub fn value<T: serde::Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(value).map_err(std::io::Error::from)?;
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.buf.push(b'\n');
                self.indent(self.depth);
            }
            self.buf.extend_from_slice(line);
        }
        Ok(())
    }

    /// Writes out everything gathered, with a closing line break.
    ///
    /// # Errors
    /// What writing to the output reports.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.buf.push(b'\n');
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Doc {
        a: Vec<u64>,
        e: Vec<u64>,
        o: Inner,
        s: String,
    }

    #[derive(serde::Serialize)]
    struct Inner {
        x: Option<u64>,
        v: Vec<String>,
    }

    #[test]
    fn writes_what_serde_json_pretty_writes() {
        let doc = Doc {
            a: vec![1, 22, u64::MAX],
            e: vec![],
            o: Inner { x: None, v: vec!["q\"\n\u{1b}".into()] },
            s: "é".into(),
        };
        let mut bytes = Vec::new();
        let mut j = PrettyJson::new(&mut bytes);
        j.open(b'{');
        j.key("a").unwrap();
        j.open(b'[');
        for n in &doc.a {
            j.item().unwrap();
            j.integer(*n);
        }
        j.close(b']');
        j.key("e").unwrap();
        j.open(b'[');
        j.close(b']');
        j.key("o").unwrap();
        j.value(&doc.o).unwrap();
        j.key("s").unwrap();
        j.string(&doc.s);
        j.close(b'}');
        j.finish().unwrap();
        let expected = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
    }
}
