//! Looking at a file's bytes before reading it: is it binary, and which
//! character encoding does it declare?
//!
//! A file is binary when a NUL byte occurs in its first [`BINARY_PROBE`]
//! bytes, the rule ripgrep uses; a UTF-16 file (recognised by its
//! byte-order mark) is text, NULs and all. HTML may declare its encoding in
//! a `<meta charset>` or `<meta http-equiv="Content-Type">` tag, or an XML
//! declaration, within its first [`DECLARATION_PROBE`] bytes (the HTML
//! standard's pre-scan looks as far).

use encoding_rs::Encoding;

/// How many leading bytes are searched for a NUL.
pub const BINARY_PROBE: usize = 8 * 1024;
/// How many leading bytes of an HTML file are searched for a charset declaration.
pub const DECLARATION_PROBE: usize = 1024;

/// Whether `bytes` look like a binary file: a NUL in the first
/// [`BINARY_PROBE`] bytes, unless a UTF-16 byte-order mark says the NULs
/// are halves of characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if matches!(bytes.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF])) {
        return false;
    }
    bytes.iter().take(BINARY_PROBE).any(|&b| b == 0)
}

/// The character encoding an HTML (or XHTML) file declares in its first
/// [`DECLARATION_PROBE`] bytes, if any and if known: `<meta charset=…>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">` or
/// `<?xml … encoding="…"?>`. Labels are read as the WHATWG Encoding
/// standard reads them (`iso-8859-1` and `latin1` are windows-1252).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_PROBE)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml")
        && let Some(end) = find(&lower, b"?>", 0)
        && let Some(label) = attribute_value(&lower[..end], b"encoding")
        && let Some(enc) = Encoding::for_label(label)
    {
        return Some(enc);
    }
    let mut at = 0;
    while let Some(start) = find(&lower, b"<meta", at) {
        let end = find(&lower, b">", start).unwrap_or(lower.len());
        let tag = &lower[start + 5..end];
        at = end;
        if let Some(label) = attribute_value(tag, b"charset")
            && let Some(enc) = Encoding::for_label(label)
        {
            return Some(enc);
        }
        let is_content_type = attribute_value(tag, b"http-equiv")
            .is_some_and(|v| v.trim_ascii() == b"content-type".as_slice());
        if is_content_type
            && let Some(content) = attribute_value(tag, b"content")
            && let Some(pos) = find(content, b"charset", 0)
        {
            let rest = content[pos + 7..].trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
                let rest = rest.strip_prefix(b"'").unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|&b| b == b';' || b == b'"' || b == b'\'' || b.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
    }
    None
}

/// Position of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The value of attribute `name` in the (lower-cased) inside of a tag:
/// `name=value`, `name="value"` or `name='value'`.
fn attribute_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(pos) = find(tag, name, from) {
        from = pos + name.len();
        // The name must stand alone: preceded by a space, quote or slash.
        let before_ok = pos == 0
            || matches!(
                tag[pos - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'"' | b'\'' | b'/'
            );
        let rest = tag[from..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=").filter(|_| before_ok) else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        return Some(match rest.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let body = &rest[1..];
                &body[..body.iter().position(|&b| b == q).unwrap_or(body.len())]
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_means_binary_unless_utf16() {
        assert!(looks_binary(b"ELF\x02\x01\x00\x00"));
        assert!(!looks_binary(b"plain text\n"));
        assert!(!looks_binary(b"\xff\xfea\x00b\x00"));
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(!looks_binary(&late));
    }

    #[test]
    fn charset_declarations() {
        let name = |s: &str| declared_charset(s.as_bytes()).map(|e| e.name());
        assert_eq!(name("<meta charset=iso-8859-1>"), Some("windows-1252"));
        assert_eq!(name("<META CHARSET=\"Shift_JIS\">"), Some("Shift_JIS"));
        assert_eq!(
            name("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">"),
            Some("ISO-8859-2")
        );
        assert_eq!(
            name("<?xml version=\"1.0\" encoding='koi8-r'?><html>"),
            Some("KOI8-R")
        );
        assert_eq!(name("<meta name=description content=charset>"), None);
        assert_eq!(name("<meta charset=bogus>"), None);
        assert_eq!(name("<p>no declaration</p>"), None);
        assert_eq!(name("<meta data-charset=x charset=utf-8>"), Some("UTF-8"));
    }
}
