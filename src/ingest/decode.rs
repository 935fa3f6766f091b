//! Turning file bytes into text without losing track of where each byte was.
//!
//! quarry reports every passage's byte range in the file *on disk*, so
//! decoding must be reversible at the level of offsets. UTF-8 (with or
//! without a byte-order mark) is the common case and needs no map: invalid
//! bytes are replaced one for one by `?`, so the text has the file's length.
//! UTF-16 files are recognised by their byte-order mark and decoded with
//! [`char::decode_utf16`]; because a UTF-16 code unit and its UTF-8 encoding
//! differ in length, the decoder keeps an [`OffsetMap`] from text offsets
//! back to file offsets. The map is a list of runs of characters that share
//! the same encoded lengths, so ordinary text costs a handful of entries.
//!
//! A file that is not valid UTF-8 may be in a legacy encoding (Latin-1,
//! windows-1252, Shift_JIS, GBK, KOI8-R…). When it has more invalid UTF-8
//! sequences than valid multi-byte ones, it is read in the encoding the
//! caller says it declares (HTML's `<meta charset>`) or else the one
//! `chardetng` guesses, decoded by `encoding_rs`; the same offset map leads
//! back from its text to its bytes. A mostly-UTF-8 file with a few bad bytes
//! stays UTF-8, each bad byte read as `?`.

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian, announced by the mark `FF FE`.
    Utf16Le,
    /// UTF-16, big-endian, announced by the mark `FE FF`.
    Utf16Be,
    /// A legacy encoding, declared or detected.
    Legacy(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Legacy(e) => e.name(),
        }
    }
}

/// A decoded file.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text. A UTF-16 byte-order mark is kept as U+FEFF at its start
    /// (the splitters skip it), so offset 0 still means the file's start.
    pub text: String,
    /// The encoding detected.
    pub encoding: Encoding,
    /// File offset of the first byte that could not be decoded (read as `?`).
    pub first_bad: Option<usize>,
    /// Text offsets to file offsets; `None` when they are equal (UTF-8).
    map: Option<OffsetMap>,
}

impl Decoded {
    /// The file offset of the text offset `offset` (the start of the
    /// character it falls in; the file's length at or past the end).
    pub fn file_offset(&self, offset: usize) -> usize {
        match &self.map {
            None => offset,
            Some(map) => map.file_offset(offset),
        }
    }
}

/// Decodes `bytes`: UTF-16 when it starts with a UTF-16 byte-order mark,
/// UTF-8 when it is (mostly) valid UTF-8, a legacy encoding otherwise.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    decode_declared(bytes, None)
}

/// [`decode`] for a file that declares its encoding (`declared`, as HTML's
/// `<meta charset>` does): a byte-order mark still wins, and so does valid
/// UTF-8 with non-ASCII characters (a Latin-1 text is practically never
/// valid UTF-8, while pages that declare Latin-1 and are UTF-8 are common);
/// otherwise the declaration replaces the guess.
pub fn decode_declared(
    bytes: Vec<u8>,
    declared: Option<&'static encoding_rs::Encoding>,
) -> Decoded {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => decode_utf16(&bytes, Encoding::Utf16Le),
        Some([0xFE, 0xFF]) => decode_utf16(&bytes, Encoding::Utf16Be),
        _ if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) || std::str::from_utf8(&bytes).is_ok() => {
            let (text, first_bad) = decode_utf8(bytes);
            Decoded {
                text,
                encoding: Encoding::Utf8,
                first_bad,
                map: None,
            }
        }
        _ if !mostly_utf8(&bytes) => {
            let legacy = declared
                .filter(|e| e.output_encoding() != encoding_rs::UTF_8)
                .unwrap_or_else(|| guess_legacy(&bytes));
            decode_legacy(&bytes, legacy)
        }
        _ => {
            let (text, first_bad) = decode_utf8(bytes);
            Decoded {
                text,
                encoding: Encoding::Utf8,
                first_bad,
                map: None,
            }
        }
    }
}

/// Decodes file bytes as UTF-8 without moving any byte offset.
///
/// A leading UTF-8 byte-order mark is kept (the splitter skips it). Each byte
/// of an invalid sequence becomes `?`, so the text has exactly the file's
/// length and every offset still points into the file. Returns the offset of
/// the first invalid byte, if any.
pub fn decode_utf8(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let mut bytes = e.into_bytes();
            let mut first_bad = None;
            let mut pos = 0;
            while pos < bytes.len() {
                match std::str::from_utf8(&bytes[pos..]) {
                    Ok(_) => break,
                    Err(err) => {
                        let bad_at = pos + err.valid_up_to();
                        let bad_len = err.error_len().unwrap_or(bytes.len() - bad_at);
                        first_bad.get_or_insert(bad_at);
                        for b in &mut bytes[bad_at..bad_at + bad_len] {
                            *b = b'?';
                        }
                        pos = bad_at + bad_len;
                    }
                }
            }
            // Every invalid byte is now ASCII, so this cannot fail; fall back
            // to a lossy copy rather than trust that reasoning with a panic.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            (text, first_bad)
        }
    }
}

/// Whether `bytes`, which are not valid UTF-8, hold more valid multi-byte
/// UTF-8 characters than invalid sequences: a UTF-8 file with a few bad
/// bytes rather than a file in a legacy encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                good += valid.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += std::str::from_utf8(valid)
                    .map_or(0, |v| v.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or_default();
            }
        }
    }
    good > bad
}

/// The legacy encoding `chardetng` guesses for `bytes` (never UTF-8).
fn guess_legacy(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Decodes `bytes` in the legacy `encoding`, mapping every character back
/// to the file offset of the bytes it came from. Bytes the encoding cannot
/// map read as `?`.
fn decode_legacy(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut map = OffsetMap::default();
    let mut first_bad = None;
    let mut emit = |text: &mut String, c: char, file: usize, width: usize| {
        let c = if c == char::REPLACEMENT_CHARACTER {
            first_bad.get_or_insert(file);
            '?'
        } else {
            c
        };
        map.push(text.len(), file, c.len_utf8(), width);
        text.push(c);
    };
    if encoding.is_single_byte() {
        // One character per byte.
        let (decoded, _) = encoding.decode_without_bom_handling(bytes);
        for (i, c) in decoded.chars().enumerate() {
            emit(&mut text, c, i, 1);
        }
    } else {
        // Feed the decoder a byte at a time: the characters that appear
        // after a byte came from the bytes consumed since the last output.
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut out = String::with_capacity(16);
        let mut seq_start = 0;
        for i in 0..bytes.len() {
            out.clear();
            out.reserve(decoder.max_utf8_buffer_length(1).unwrap_or(16));
            let last = i + 1 == bytes.len();
            let _ = decoder.decode_to_string(&bytes[i..=i], &mut out, last);
            if !out.is_empty() {
                let width = i + 1 - seq_start;
                let mut chars = out.chars();
                if let Some(c) = chars.next() {
                    emit(&mut text, c, seq_start, width);
                }
                for c in chars {
                    emit(&mut text, c, i + 1, 0);
                }
                seq_start = i + 1;
            }
        }
    }
    map.end = (text.len(), bytes.len());
    Decoded {
        text,
        encoding: Encoding::Legacy(encoding),
        first_bad,
        map: Some(map),
    }
}

/// Decodes UTF-16 (the byte-order mark included, as U+FEFF). An unpaired
/// surrogate or a dangling odd byte reads as `?`.
fn decode_utf16(bytes: &[u8], encoding: Encoding) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
        _ => u16::from_le_bytes([pair[0], pair[1]]),
    });
    let mut text = String::with_capacity(bytes.len() / 2 * 3 / 2);
    let mut map = OffsetMap::default();
    let mut first_bad = None;
    let mut file = 0usize;
    for decoded in char::decode_utf16(units) {
        let (c, width) = match decoded {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => {
                first_bad.get_or_insert(file);
                ('?', 2)
            }
        };
        map.push(text.len(), file, c.len_utf8(), width);
        text.push(c);
        file += width;
    }
    if bytes.len() % 2 == 1 {
        first_bad.get_or_insert(file);
        map.push(text.len(), file, 1, 1);
        text.push('?');
    }
    map.end = (text.len(), bytes.len());
    Decoded {
        text,
        encoding,
        first_bad,
        map: Some(map),
    }
}

/// Maps offsets in decoded text to offsets in the file, as runs of
/// characters that each take `text_width` bytes of text and `file_width`
/// bytes of file.
#[derive(Debug, Clone, Default)]
struct OffsetMap {
    runs: Vec<Run>,
    /// Text length and file length.
    end: (usize, usize),
}

#[derive(Debug, Clone, Copy)]
struct Run {
    text: usize,
    file: usize,
    text_width: usize,
    file_width: usize,
}

impl OffsetMap {
    fn push(&mut self, text: usize, file: usize, text_width: usize, file_width: usize) {
        if let Some(last) = self.runs.last()
            && last.text_width == text_width
            && last.file_width == file_width
            && (text - last.text).is_multiple_of(text_width.max(1))
            && last.file + (text - last.text) / text_width.max(1) * file_width == file
        {
            return;
        }
        self.runs.push(Run {
            text,
            file,
            text_width,
            file_width,
        });
    }

    fn file_offset(&self, offset: usize) -> usize {
        if offset >= self.end.0 {
            return self.end.1;
        }
        let i = self.runs.partition_point(|r| r.text <= offset);
        let Some(run) = i.checked_sub(1).and_then(|i| self.runs.get(i)) else {
            return 0;
        };
        let chars = (offset - run.text) / run.text_width.max(1);
        (run.file + chars * run.file_width).min(self.end.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for unit in "\u{feff}".encode_utf16().chain(s.encode_utf16()) {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf8_keeps_offsets() {
        // Mostly UTF-8 (é, ï, € against two bad sequences): repaired in place.
        let d = decode(b"ab\xffcd\xc3\xa9 \xc3\xaf \xe2\x82\xac\xe2\x82".to_vec());
        assert_eq!((d.text.as_str(), d.first_bad), ("ab?cdé ï €??", Some(2)));
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.file_offset(4), 4);
        let d = decode("héllo".as_bytes().to_vec());
        assert_eq!((d.text.as_str(), d.first_bad), ("héllo", None));
    }

    #[test]
    fn legacy_encodings_map_offsets_back() {
        // windows-1252, detected: one byte per character.
        let bytes = b"Le caf\xe9 est tr\xe8s bon, la cr\xe8me br\xfbl\xe9e aussi.".to_vec();
        let d = decode(bytes.clone());
        assert_eq!(d.encoding.name(), "windows-1252");
        assert_eq!(d.text, "Le café est très bon, la crème brûlée aussi.");
        assert_eq!(d.first_bad, None);
        for (i, (offset, _)) in d.text.char_indices().enumerate() {
            assert_eq!(d.file_offset(offset), i);
        }
        assert_eq!(d.file_offset(d.text.len()), bytes.len());
        // Declared Shift_JIS: two bytes per kana, one per ASCII letter.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("aかなb");
        let d = decode_declared(sjis.to_vec(), Some(encoding_rs::SHIFT_JIS));
        assert_eq!(d.text, "aかなb");
        let offsets: Vec<usize> = d
            .text
            .char_indices()
            .map(|(o, _)| d.file_offset(o))
            .collect();
        assert_eq!(offsets, [0, 1, 3, 5]);
        assert_eq!(d.file_offset(d.text.len()), 6);
        // A declaration does not override valid UTF-8.
        let d = decode_declared("naïve".as_bytes().to_vec(), Some(encoding_rs::WINDOWS_1252));
        assert_eq!((d.text.as_str(), d.encoding), ("naïve", Encoding::Utf8));
    }

    #[test]
    fn utf16_maps_offsets_back() {
        for big_endian in [false, true] {
            let source = "Añ😀b\r\nz";
            let bytes = utf16(source, big_endian);
            let d = decode(bytes.clone());
            let expected = if big_endian {
                Encoding::Utf16Be
            } else {
                Encoding::Utf16Le
            };
            assert_eq!(d.encoding, expected);
            assert_eq!(d.text, format!("\u{feff}{source}"));
            assert_eq!(d.first_bad, None);
            // Every character boundary maps to the file offset of that character.
            let mut file = 0;
            for (offset, c) in d.text.char_indices() {
                assert_eq!(d.file_offset(offset), file, "{c:?}");
                file += c.len_utf16() * 2;
            }
            assert_eq!(d.file_offset(d.text.len()), bytes.len());
            assert_eq!(d.file_offset(usize::MAX), bytes.len());
        }
    }

    #[test]
    fn utf16_bad_units_read_as_question_marks() {
        // BOM, 'a', a lone high surrogate, 'b', then an odd byte.
        let bytes = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0, b'c'];
        let d = decode(bytes);
        assert_eq!(d.text, "\u{feff}a?b?");
        assert_eq!(d.first_bad, Some(4));
        assert_eq!(d.file_offset(4), 4);
        assert_eq!(d.file_offset(5), 6);
        assert_eq!(d.file_offset(6), 8);
        assert_eq!(d.file_offset(7), 9);
    }

    #[test]
    fn tiny_inputs() {
        for bytes in [vec![], vec![0xFF], vec![0xFF, 0xFE], vec![0xFE, 0xFF, 0x00]] {
            let d = decode(bytes.clone());
            assert!(d.file_offset(d.text.len()) <= bytes.len().max(d.text.len()));
        }
    }
}
