//! ISO 4217 currencies and their minor units: how many digits an amount has after the
//! decimal point (the standard's "Minor unit" column: 2 for EUR, 0 for JPY, 3 for KWD).

/// Every active ISO 4217 code with minor units, from the standard's list one (as amended to
/// 2025: ZWG added, HRK, SLL, ZWL and ANG withdrawn), four bytes each: the code, then its
/// minor units as a digit. The funds codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW)
/// are there; precious metals, SDRs and testing codes (XAU, XDR, XTS, ...) have no minor unit
/// and name no amount a shop charges.
const TABLE: &str = concat!(
    "AED2AFN2ALL2AMD2AOA2ARS2AUD2AWG2AZN2BAM2BBD2BDT2BGN2BHD3BIF0BMD2BND2BOB2BOV2BRL2",
    "BSD2BTN2BWP2BYN2BZD2CAD2CDF2CHE2CHF2CHW2CLF4CLP0CNY2COP2COU2CRC2CUP2CVE2CZK2DJF0",
    "DKK2DOP2DZD2EGP2ERN2ETB2EUR2FJD2FKP2GBP2GEL2GHS2GIP2GMD2GNF0GTQ2GYD2HKD2HNL2HTG2",
    "HUF2IDR2ILS2INR2IQD3IRR2ISK0JMD2JOD3JPY0KES2KGS2KHR2KMF0KPW2KRW0KWD3KYD2KZT2LAK2",
    "LBP2LKR2LRD2LSL2LYD3MAD2MDL2MGA2MKD2MMK2MNT2MOP2MRU2MUR2MVR2MWK2MXN2MXV2MYR2MZN2",
    "NAD2NGN2NIO2NOK2NPR2NZD2OMR3PAB2PEN2PGK2PHP2PKR2PLN2PYG0QAR2RON2RSD2RUB2RWF0SAR2",
    "SBD2SCR2SDG2SEK2SGD2SHP2SLE2SOS2SRD2SSP2STN2SVC2SYP2SZL2THB2TJS2TMT2TND3TOP2TRY2",
    "TTD2TWD2TZS2UAH2UGX0USD2USN2UYI0UYU2UYW4UZS2VED2VES2VND0VUV0WST2XAF0XCD2XCG2XOF0",
    "XPF0YER2ZAR2ZMW2ZWG2",
);

/// The minor units of `code` (three upper-case letters, as ISO 4217 writes it), or `None`
/// for a code not in the list (lower case included: a code has one spelling).
pub fn minor_units(code: &str) -> Option<u32> {
    if code.len() != 3 {
        return None;
    }
    TABLE
        .as_bytes()
        .chunks_exact(4)
        .find(|entry| entry[..3] == *code.as_bytes())
        .map(|entry| u32::from(entry[3] - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_codes_with_one_digit_each() {
        let entries: alloc::vec::Vec<&[u8]> = TABLE.as_bytes().chunks(4).collect();
        assert!(entries.iter().all(|e| e.len() == 4
            && e[..3].iter().all(u8::is_ascii_uppercase)
            && matches!(e[3], b'0' | b'2' | b'3' | b'4')));
        assert!(entries.windows(2).all(|pair| pair[0][..3] < pair[1][..3]));
    }

    /// src/js/entry/transaction.js keeps the same list for the package.
    #[test]
    fn the_package_lists_the_same_currencies() {
        let javascript = include_str!("../js/entry/transaction.js");
        assert!(javascript.contains(&alloc::format!("\"{TABLE}\"")));
    }

    #[test]
    fn minor_units_as_the_standard_lists_them() {
        for (code, units) in [
            ("EUR", 2),
            ("USD", 2),
            ("JPY", 0),
            ("KWD", 3),
            ("CLF", 4),
            ("ISK", 0),
        ] {
            assert_eq!(minor_units(code), Some(units), "{code}");
        }
        for code in ["eur", "EURO", "EU", "", "XAU", "XTS", "HRK", "ZZZ", "€"] {
            assert_eq!(minor_units(code), None, "{code}");
        }
    }
}
