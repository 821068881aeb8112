//! The order code of a WhatsApp order ("Pesan lewat WhatsApp"): the cart itself, in a short
//! text a customer sends and a cashier pastes or scans into a till with no network, giving
//! exactly that cart.
//!
//! `LRS1-` then the payload in Crockford base32 (digits and A–Z without I, L, O and U), in
//! groups of four: a version, the first four bytes of the store's id (a code for another shop
//! is refused), then each item's SKU and quantity (thousandths), and last the first four
//! bytes of the payload's SHA-256. Reading it forgives case, spaces, dashes and line breaks
//! (a chat wraps long words) but nothing else: a symbol outside the alphabet, a changed one,
//! a lost one is refused, never guessed. Prices are not in the code: the till prices the cart
//! from its own catalog, so a code edited by hand can only order something else.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What every order code starts with.
pub const ORDER_CODE_PREFIX: &str = "LRS1-";
/// Items one code carries at most.
pub const MAX_ORDER_CODE_ITEMS: usize = 50;
const VERSION: u8 = 1;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK_BYTES: usize = 4;
/// The most thousandths one item may ask for (100,000 units, as a sale line).
const MAX_QTY_MILLI: u64 = 100_000_000;
const MAX_SKU_BYTES: usize = 64;

/// One item of an order: the product's SKU and the quantity in thousandths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderItem {
    pub sku: String,
    pub qty_milli: u64,
}

/// Why a text is not an order code of this shop.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderCodeError {
    #[error("an order code starts with LRS1-")]
    NotAnOrderCode,
    #[error("{0:?} is never in an order code (it has the digits and A-Z without I, L, O, U)")]
    NotInAlphabet(char),
    #[error("the order code is damaged: a letter is missing, extra or changed")]
    Damaged,
    #[error("this order code is for another shop")]
    OtherShop,
    #[error("the order code has no items, or more than {MAX_ORDER_CODE_ITEMS}")]
    ItemCount,
    #[error("an item of the order code is not readable: {0}")]
    BadItem(&'static str),
}

fn store_tag(store_id: Uuid) -> [u8; 4] {
    let b = store_id.as_bytes();
    [b[0], b[1], b[2], b[3]]
}

fn check(payload: &[u8]) -> [u8; CHECK_BYTES] {
    let digest = Sha256::digest(payload);
    [digest[0], digest[1], digest[2], digest[3]]
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

fn unbase32(symbols: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(symbols.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &s in symbols {
        let v = ALPHABET.iter().position(|&a| a == s)?;
        acc = (acc << 5) | u32::try_from(v).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    // Leftover bits are padding: all zero in a code this module wrote.
    (acc & ((1 << bits) - 1) == 0).then_some(out)
}

/// The order code of `items` for the store `store_id`. Items must be 1 to
/// [`MAX_ORDER_CODE_ITEMS`], each a SKU of 1 to 64 bytes and a positive quantity.
pub fn encode(store_id: Uuid, items: &[OrderItem]) -> Result<String, OrderCodeError> {
    if items.is_empty() || items.len() > MAX_ORDER_CODE_ITEMS {
        return Err(OrderCodeError::ItemCount);
    }
    let mut payload = vec![VERSION];
    payload.extend_from_slice(&store_tag(store_id));
    put_varint(&mut payload, items.len() as u64);
    for item in items {
        let sku = item.sku.as_bytes();
        if sku.is_empty() || sku.len() > MAX_SKU_BYTES {
            return Err(OrderCodeError::BadItem("a SKU has 1 to 64 bytes"));
        }
        if item.qty_milli == 0 || item.qty_milli > MAX_QTY_MILLI {
            return Err(OrderCodeError::BadItem("a quantity is 0.001 to 100,000"));
        }
        put_varint(&mut payload, sku.len() as u64);
        payload.extend_from_slice(sku);
        put_varint(&mut payload, item.qty_milli);
    }
    let sum = check(&payload);
    payload.extend_from_slice(&sum);
    let symbols = base32(&payload);
    let groups: Vec<&str> = symbols
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    Ok(format!("{ORDER_CODE_PREFIX}{}", groups.join("-")))
}

/// The items of an order code of the store `store_id`, or why it is not one.
pub fn decode(store_id: Uuid, text: &str) -> Result<Vec<OrderItem>, OrderCodeError> {
    let mut symbols = Vec::new();
    let mut chars = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-');
    let prefix: String = chars.by_ref().take(4).collect();
    if !prefix.eq_ignore_ascii_case("LRS1") {
        return Err(OrderCodeError::NotAnOrderCode);
    }
    for c in chars {
        let up = c.to_ascii_uppercase();
        if !up.is_ascii() || !ALPHABET.contains(&(up as u8)) {
            return Err(OrderCodeError::NotInAlphabet(c));
        }
        symbols.push(up as u8);
    }
    let bytes = unbase32(&symbols).ok_or(OrderCodeError::Damaged)?;
    if bytes.len() < 1 + 4 + 1 + CHECK_BYTES {
        return Err(OrderCodeError::Damaged);
    }
    let (payload, sum) = bytes.split_at(bytes.len() - CHECK_BYTES);
    if check(payload) != sum {
        return Err(OrderCodeError::Damaged);
    }
    if payload[0] != VERSION {
        return Err(OrderCodeError::NotAnOrderCode);
    }
    if payload[1..5] != store_tag(store_id) {
        return Err(OrderCodeError::OtherShop);
    }
    let mut rest = &payload[5..];
    let count = take_varint(&mut rest).ok_or(OrderCodeError::Damaged)?;
    if count == 0 || count > MAX_ORDER_CODE_ITEMS as u64 {
        return Err(OrderCodeError::ItemCount);
    }
    let mut items = Vec::new();
    for _ in 0..count {
        let len = take_varint(&mut rest).ok_or(OrderCodeError::Damaged)?;
        let len = usize::try_from(len).map_err(|_| OrderCodeError::Damaged)?;
        if len == 0 || len > MAX_SKU_BYTES || len > rest.len() {
            return Err(OrderCodeError::BadItem("a SKU has 1 to 64 bytes"));
        }
        let (sku, tail) = rest.split_at(len);
        rest = tail;
        let sku = String::from_utf8(sku.to_vec())
            .map_err(|_| OrderCodeError::BadItem("a SKU is not text"))?;
        let qty_milli = take_varint(&mut rest).ok_or(OrderCodeError::Damaged)?;
        if qty_milli == 0 || qty_milli > MAX_QTY_MILLI {
            return Err(OrderCodeError::BadItem("a quantity is 0.001 to 100,000"));
        }
        items.push(OrderItem { sku, qty_milli });
    }
    if !rest.is_empty() {
        return Err(OrderCodeError::Damaged);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const SHOP: Uuid = Uuid::from_u128(0x0195_1234_5678_7000_8000_0000_0000_0001);

    fn cart() -> Vec<OrderItem> {
        vec![
            OrderItem {
                sku: "W0001".into(),
                qty_milli: 2_000,
            },
            OrderItem {
                sku: "W0010".into(),
                qty_milli: 1_500,
            },
        ]
    }

    #[test]
    fn a_code_reads_back_as_its_cart_as_a_chat_mangles_it() {
        let code = encode(SHOP, &cart()).unwrap();
        assert!(code.starts_with("LRS1-"), "{code}");
        assert!(code.len() < 60, "compact: {code}");
        assert_eq!(decode(SHOP, &code).unwrap(), cart());
        let mangled = format!("  {}\n", code.to_lowercase().replace('-', " "));
        assert_eq!(decode(SHOP, &mangled).unwrap(), cart());
    }

    #[test]
    fn another_shop_a_look_alike_and_a_changed_symbol_are_refused() {
        let code = encode(SHOP, &cart()).unwrap();
        assert_eq!(
            decode(Uuid::from_u128(7), &code),
            Err(OrderCodeError::OtherShop)
        );
        let last = code.len() - 1;
        let with_o = format!("{}O", &code[..last]);
        assert_eq!(
            decode(SHOP, &with_o),
            Err(OrderCodeError::NotInAlphabet('O'))
        );
        assert_eq!(
            decode(SHOP, "halo kak"),
            Err(OrderCodeError::NotAnOrderCode)
        );
        assert!(encode(SHOP, &[]).is_err());
    }

    fn items() -> impl Strategy<Value = Vec<OrderItem>> {
        prop::collection::vec(
            ("[A-Za-z0-9 ._-]{1,20}", 1u64..=MAX_QTY_MILLI)
                .prop_map(|(sku, qty_milli)| OrderItem { sku, qty_milli }),
            1..=12,
        )
    }

    proptest! {
        #[test]
        fn every_cart_round_trips(items in items(), store in any::<u128>()) {
            let store = Uuid::from_u128(store);
            let code = encode(store, &items).unwrap();
            prop_assert_eq!(decode(store, &code).unwrap(), items);
        }

        #[test]
        fn any_one_changed_symbol_is_refused(items in items(), at in any::<prop::sample::Index>(),
                                              to in 0usize..32) {
            let code = encode(SHOP, &items).unwrap();
            let body: Vec<(usize, char)> = code
                .char_indices()
                .skip(ORDER_CODE_PREFIX.len())
                .filter(|(_, c)| *c != '-')
                .collect();
            let (i, old) = body[at.index(body.len())];
            let new = char::from(ALPHABET[to]);
            prop_assume!(new != old);
            let mut changed = code.clone();
            changed.replace_range(i..i + 1, &new.to_string());
            prop_assert!(decode(SHOP, &changed).is_err(), "{} read as {:?}", changed,
                         decode(SHOP, &changed));
        }
    }
}
