//! Photos sent with complaints and pungli reports: the type read from the content (JPEG or
//! PNG, whatever the file is called) and the metadata taken out before anything is stored —
//! EXIF (which holds where and when a photo was taken and with which phone), XMP, IPTC and
//! comments in a JPEG; EXIF, text and time chunks in a PNG. Both walks are bounded by the
//! bytes given and refuse a file whose structure does not hold together.

/// The largest photo taken, per file.
pub const PHOTO_BYTES_MAX: usize = 5 * 1024 * 1024;

/// Photos one complaint or report may carry.
pub const PHOTOS_MAX: usize = 3;

/// A photo ready to store: its bytes without metadata, and its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

/// Reads a photo: `None` when it is not a whole JPEG or PNG picture.
pub fn clean(bytes: &[u8]) -> Option<CleanPhoto> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(CleanPhoto {
            bytes: strip_jpeg(bytes)?,
            content_type: "image/jpeg",
        })
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(CleanPhoto {
            bytes: strip_png(bytes)?,
            content_type: "image/png",
        })
    } else {
        None
    }
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// JPEG segments that carry metadata rather than the picture: APP1 (EXIF, XMP), APP3 to
/// APP13 (IPTC among them), APP15 and comments. APP0 (JFIF), APP2 (the colour profile)
/// and APP14 (Adobe's colour transform) are needed to show the picture right.
fn is_jpeg_metadata(marker: u8) -> bool {
    matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE)
}

fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // Start of scan: the picture's data follows to the end.
            0xDA => {
                out.extend_from_slice(&bytes[at..]);
                return Some(out);
            }
            0xD9 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                return Some(out);
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[at..at + 2]);
                at += 2;
            }
            _ => {
                let high = *bytes.get(at + 2)?;
                let low = *bytes.get(at + 3)?;
                let length = usize::from(u16::from_be_bytes([high, low]));
                let end = (at + 2).checked_add(length)?;
                if length < 2 || end > bytes.len() {
                    return None;
                }
                if !is_jpeg_metadata(marker) {
                    out.extend_from_slice(&bytes[at..end]);
                }
                at = end;
            }
        }
    }
}

/// PNG chunks that carry metadata: EXIF, text of any kind, the time of the last change.
fn is_png_metadata(kind: &[u8]) -> bool {
    matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME")
}

fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    loop {
        let head = bytes.get(at..at + 8)?;
        let length =
            usize::try_from(u32::from_be_bytes([head[0], head[1], head[2], head[3]])).ok()?;
        let kind = &head[4..8];
        let end = at.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        if !is_png_metadata(kind) {
            out.extend_from_slice(&bytes[at..end]);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small JPEG: JFIF, an EXIF segment with a place in it, a comment, then the scan.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend_from_slice(&[0xFF, 0xE0, 0, 16]);
        b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = b"Exif\0\0GPS -6.2146 106.9283";
        b.extend_from_slice(&[0xFF, 0xE1, 0, (exif.len() + 2) as u8]);
        b.extend_from_slice(exif);
        b.extend_from_slice(&[0xFF, 0xFE, 0, 6]);
        b.extend_from_slice(b"Budi");
        b.extend_from_slice(&[0xFF, 0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9]);
        b
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_comments_and_keeps_its_picture() {
        let clean = clean(&jpeg_with_exif()).expect("a jpeg");
        assert_eq!(clean.content_type, "image/jpeg");
        let text = String::from_utf8_lossy(&clean.bytes);
        assert!(!text.contains("Exif") && !text.contains("GPS") && !text.contains("Budi"));
        assert!(text.contains("JFIF"));
        assert!(
            clean
                .bytes
                .ends_with(&[0xFF, 0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9])
        );
    }

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    }

    #[test]
    fn a_png_loses_its_text_and_exif_chunks() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(b"tEXt", b"Author\0Budi"));
        png.extend(chunk(b"eXIf", b"MM\0*GPS"));
        png.extend(chunk(b"IDAT", &[1, 2, 3]));
        png.extend(chunk(b"IEND", &[]));
        let clean = clean(&png).expect("a png");
        let text = String::from_utf8_lossy(&clean.bytes);
        assert!(!text.contains("Budi") && !text.contains("eXIf") && text.contains("IDAT"));
    }

    #[test]
    fn what_is_not_a_whole_picture_is_refused() {
        assert!(clean(b"%PDF-1.4").is_none());
        assert!(clean(&[]).is_none());
        assert!(clean(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]).is_none());
        let mut cut = jpeg_with_exif();
        cut.truncate(20);
        assert!(clean(&cut).is_none());
        assert!(clean(PNG_SIGNATURE).is_none());
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut seed: u32 = 7;
        for n in 0..2000 {
            let mut bytes = if n % 2 == 0 {
                vec![0xFF, 0xD8, 0xFF]
            } else {
                PNG_SIGNATURE.to_vec()
            };
            for _ in 0..(n % 64) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                bytes.push((seed >> 16) as u8);
            }
            let _ = clean(&bytes);
        }
    }
}
