//! `decode::Printer`, the ESC/POS model other tests trust: what it prints for each command,
//! that pieces of any size decode alike, and that no bytes make it panic.

mod common;

use common::{ESC, GS, receipt};
use laris_printer::decode::{Align, Printed, Printer, Status, decode};
use proptest::prelude::*;

fn line(text: &str, align: Align, bold: bool, dh: bool, dw: bool) -> Printed {
    Printed::Line {
        text: text.into(),
        align,
        bold,
        double_height: dh,
        double_width: dw,
    }
}

#[test]
fn lines_carry_the_modes_they_started_with() {
    let mut bytes = vec![ESC, b'@', ESC, b'a', 1, ESC, b'E', 1, GS, b'!', 0x11];
    bytes.extend_from_slice(b"TOKO\n");
    // ESC ! sets bold and both sizes at once; alignment taken at the start of a line.
    bytes.extend_from_slice(&[ESC, b'!', 0x38, ESC, b'a', b'2']);
    bytes.extend_from_slice(b"Rp 5.000");
    bytes.extend_from_slice(&[ESC, b'a', 0, ESC, b'E', 0, b'\n', b'\n']);
    bytes.extend_from_slice(&[ESC, b'-', 1, GS, b'L', 0, 0, 0x0D, b'x', ESC, b'd', 2]);
    assert_eq!(
        decode(&bytes),
        [
            line("TOKO", Align::Center, true, true, true),
            line("Rp 5.000", Align::Right, true, true, true),
            line("", Align::Left, false, true, true),
            line("x", Align::Left, false, true, true),
            Printed::Feed(2),
        ]
    );
}

#[test]
fn esc_at_drops_the_partial_line_and_resets_modes() {
    let mut p = Printer::new();
    p.feed(&[ESC, b'E', 1, ESC, b't', 16]);
    p.feed(b"half a li");
    assert_eq!(p.buffered_text(), "half a li");
    assert_eq!(p.code_page(), 16);
    p.feed(&[ESC, b'@']);
    assert_eq!(p.buffered_text(), "");
    assert_eq!(p.code_page(), 0);
    p.feed(b"next\n");
    assert_eq!(
        p.printed(),
        [line("next", Align::Left, false, false, false)]
    );
}

#[test]
fn images_symbols_cuts_and_the_drawer() {
    let mut bytes = vec![GS, b'v', b'0', 0, 2, 0, 2, 0, 0x0A, 0x0A, 0x1B, 0x40];
    bytes.extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
    bytes.extend_from_slice(&[ESC, b'p', 0, 25, 250, GS, b'V', 66, 3, GS, b'V', b'1']);
    assert_eq!(
        decode(&bytes),
        [
            Printed::Image {
                width_bytes: 2,
                height: 2
            },
            Printed::Function {
                function: b'k',
                data: vec![49, 65, 50, 0]
            },
            Printed::DrawerPulse,
            Printed::Cut,
            Printed::Cut,
        ]
    );
}

#[test]
fn queries_get_the_configured_replies() {
    let mut p = Printer::new();
    assert_eq!(
        p.feed(&[0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4, GS, b'r', 1]),
        [0x12, 0x12, 0x12, 0]
    );
    p.set_status(Status {
        paper_out: true,
        paper_near_end: true,
        cover_open: true,
        ..Status::default()
    });
    assert_eq!(
        p.feed(&[0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4, GS, b'r', b'1']),
        [0x1A, 0x36, 0x7E, 0x0F]
    );
    assert!(p.printed().is_empty());
}

#[test]
fn unknown_commands_are_reported_and_decoding_goes_on() {
    assert_eq!(
        decode(&[ESC, b'~', b'o', b'k', b'\n', 0x07]),
        [
            Printed::Unknown(vec![ESC, b'~']),
            line("ok", Align::Left, false, false, false),
            Printed::Unknown(vec![0x07]),
        ]
    );
}

proptest! {
    #[test]
    fn no_bytes_make_it_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut p = Printer::new();
        p.feed(&bytes);
    }

    /// Likely prefixes make the parser go deep into commands, not just text.
    #[test]
    fn no_commands_make_it_panic(
        parts in proptest::collection::vec(
            (prop::sample::select(vec![0x1Bu8, 0x1D, 0x10, 0x1C, 0x0A]), any::<[u8; 7]>()),
            0..200,
        )
    ) {
        let bytes: Vec<u8> = parts.iter().flat_map(|(p, rest)| std::iter::once(*p).chain(*rest)).collect();
        decode(&bytes);
    }

    /// A fake printer reads whatever pieces the link delivers.
    #[test]
    fn pieces_of_any_size_decode_as_the_whole(cuts in proptest::collection::vec(1usize..64, 1..40)) {
        let bytes = receipt().bytes();
        let mut p = Printer::new();
        let mut rest = bytes.as_slice();
        for cut in cuts.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (piece, after) = rest.split_at((*cut).min(rest.len()));
            p.feed(piece);
            rest = after;
        }
        prop_assert_eq!(p.into_printed(), decode(&bytes));
    }
}
