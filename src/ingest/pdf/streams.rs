//! Streams the parser could not delimit, recovered from the file's bytes.
//!
//! lopdf expects an end of line before `endstream`; some producers (VTeX,
//! for one) write a space there, and lopdf then keeps the stream's
//! dictionary but loses its data, so a page has no content and a font no
//! program. Such an object is found again at its cross-reference offset
//! and its data taken between `stream` and `endstream`.

use pdf_extract::xref::XrefEntry;
use pdf_extract::{Document, Object, Stream};

/// Longest stretch searched for `stream` after an object's start.
const MAX_DICT_BYTES: usize = 64 * 1024;

/// Gives back their data to the stream objects lopdf read as bare
/// dictionaries (a dictionary with a `/Length` and `stream` after it).
pub fn recover(doc: &mut Document, bytes: &[u8]) {
    let lost: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Dictionary(d) if d.has(b"Length")))
        .map(|(&id, _)| id)
        .collect();
    for id in lost {
        let Some(XrefEntry::Normal { offset, .. }) = doc.reference_table.get(id.0) else {
            continue;
        };
        let length = match doc.objects.get(&id).and_then(|o| o.as_dict().ok()) {
            Some(d) => d.get(b"Length").ok().and_then(|l| match l {
                Object::Integer(n) => Some(*n),
                Object::Reference(r) => doc.get_object(*r).ok().and_then(|o| o.as_i64().ok()),
                _ => None,
            }),
            None => continue,
        };
        let Some(data) = stream_data(bytes, *offset as usize, length) else {
            continue;
        };
        if let Some(Object::Dictionary(d)) = doc.objects.get(&id) {
            let stream = Stream::new(d.clone(), data.to_vec());
            doc.objects.insert(id, Object::Stream(stream));
        }
    }
}

/// The data of the stream whose object starts at `offset`: `length` bytes
/// after `stream` and its end of line when `endstream` follows them (after
/// white space), else everything up to `endstream`.
fn stream_data(bytes: &[u8], offset: usize, length: Option<i64>) -> Option<&[u8]> {
    let head = bytes.get(offset..)?;
    let window = &head[..head.len().min(MAX_DICT_BYTES)];
    // The first `stream` keyword right after the dictionary's `>>`.
    let mut from = 0;
    let start = loop {
        let at = from + find(&window[from..], b"stream")?;
        let before = window[..at].trim_ascii_end();
        if before.ends_with(b">>") {
            break at;
        }
        from = at + 6;
    };
    let body = &head[start + 6..];
    let body = body
        .strip_prefix(b"\r\n")
        .or_else(|| body.strip_prefix(b"\n"))
        .or_else(|| body.strip_prefix(b"\r"))
        .unwrap_or(body);
    if let Some(n) = length.and_then(|n| usize::try_from(n).ok())
        && let Some(rest) = body.get(n..)
    {
        let ws = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if rest[ws..].starts_with(b"endstream") {
            return Some(&body[..n]);
        }
    }
    let end = find(body, b"endstream")?;
    let data = &body[..end];
    let data = data
        .strip_suffix(b"\r\n")
        .or_else(|| data.strip_suffix(b"\n"))
        .unwrap_or(data);
    Some(data)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_before_a_spaced_endstream() {
        let file = b"7 0 obj<</Length 5>>stream\nhello endstream\nendobj";
        assert_eq!(stream_data(file, 0, Some(5)), Some(&b"hello"[..]));
        // A wrong length: up to endstream.
        assert_eq!(stream_data(file, 0, Some(50)), Some(&b"hello "[..]));
        assert_eq!(
            stream_data(b"7 0 obj<</Length 5>>\nendobj", 0, Some(5)),
            None
        );
    }
}
