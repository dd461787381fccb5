//! Sets of printable ASCII characters, the material passwords are made of.
//!
//! The portal's passwords and the passwordrules language both deal only in
//! printable ASCII (the parser drops anything else from custom classes), so a
//! set fits in one `u128` bitmask: membership, union and counting are single
//! instructions, which keeps the generator's inner loop allocation-free.

use std::fmt;

/// A set of printable ASCII characters (space to `~`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CharSet(u128);

const fn range(first: u8, last: u8) -> u128 {
    let mut bits = 0u128;
    let mut c = first;
    while c <= last {
        bits |= 1 << c;
        c += 1;
    }
    bits
}

const fn from_bytes(bytes: &[u8]) -> u128 {
    let mut bits = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] >= b' ' && bytes[i] <= b'~' {
            bits |= 1 << bytes[i];
        }
        i += 1;
    }
    bits
}

impl CharSet {
    /// No characters.
    pub const EMPTY: CharSet = CharSet(0);
    /// `A` to `Z`.
    pub const UPPER: CharSet = CharSet(range(b'A', b'Z'));
    /// `a` to `z`.
    pub const LOWER: CharSet = CharSet(range(b'a', b'z'));
    /// `0` to `9`.
    pub const DIGIT: CharSet = CharSet(range(b'0', b'9'));
    /// Letters of both cases.
    pub const LETTERS: CharSet = CharSet(Self::UPPER.0 | Self::LOWER.0);
    /// Letters and digits.
    pub const ALPHANUMERIC: CharSet = CharSet(Self::LETTERS.0 | Self::DIGIT.0);
    /// The passwordrules `special` class: every printable ASCII character that
    /// is not a letter or digit, space included. It is also what BroadWorks
    /// counts as "non-alphanumeric".
    pub const SPECIAL: CharSet = CharSet(range(b' ', b'~') & !Self::ALPHANUMERIC.0);
    /// Space to `~`.
    pub const ASCII_PRINTABLE: CharSet = CharSet(range(b' ', b'~'));
    /// Characters that are easily confused when read or typed: `0 O o 1 l I`.
    pub const LOOK_ALIKES: CharSet = CharSet(from_bytes(b"0Oo1lI"));
    /// The space character, never generated unless nothing else is allowed:
    /// portals and people both trim it.
    pub const SPACE: CharSet = CharSet(1 << b' ');

    /// The set of the printable ASCII characters in `s`; anything else is ignored.
    pub fn from_chars(s: &str) -> CharSet {
        s.chars().filter_map(CharSet::single).fold(CharSet::EMPTY, CharSet::union)
    }

    /// The set holding only `c`, or `None` if `c` is not printable ASCII.
    pub fn single(c: char) -> Option<CharSet> {
        if (' '..='~').contains(&c) { Some(CharSet(1 << (c as u32))) } else { None }
    }

    /// Whether `c` is in the set.
    #[inline]
    pub fn contains(self, c: char) -> bool {
        let code = c as u32;
        code < 128 && self.0 & (1 << code) != 0
    }

    /// Characters in either set.
    #[inline]
    pub const fn union(self, other: CharSet) -> CharSet {
        CharSet(self.0 | other.0)
    }

    /// Characters in both sets.
    #[inline]
    pub const fn intersection(self, other: CharSet) -> CharSet {
        CharSet(self.0 & other.0)
    }

    /// Characters of `self` that are not in `other`.
    #[inline]
    pub const fn difference(self, other: CharSet) -> CharSet {
        CharSet(self.0 & !other.0)
    }

    /// Whether the set has no characters.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every character of `self` is in `other`.
    #[inline]
    pub const fn is_subset(self, other: CharSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The number of characters.
    #[inline]
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The `n`th character in code order, if there are more than `n`.
    pub fn nth(self, n: usize) -> Option<char> {
        let mut bits = self.0;
        for _ in 0..n {
            if bits == 0 {
                return None;
            }
            bits &= bits - 1; // clear the lowest set bit
        }
        (bits != 0).then(|| char::from(bits.trailing_zeros() as u8))
    }

    /// The characters in code order.
    pub fn chars(self) -> impl Iterator<Item = char> {
        (b' '..=b'~').filter(move |&b| self.0 & (1 << b) != 0).map(char::from)
    }

    /// `self` without `other`, unless that would leave nothing: then `self`.
    ///
    /// Used for preferences such as "no look-alikes" that must never make a
    /// satisfiable policy unsatisfiable.
    pub fn prefer_without(self, other: CharSet) -> CharSet {
        let reduced = self.difference(other);
        if reduced.is_empty() { self } else { reduced }
    }

    /// A short English name for the set, for rule descriptions: "uppercase
    /// letter", "digit", or the characters themselves.
    pub fn describe(self) -> String {
        match self {
            s if s == CharSet::UPPER => "uppercase letter".into(),
            s if s == CharSet::LOWER => "lowercase letter".into(),
            s if s == CharSet::DIGIT => "digit".into(),
            s if s == CharSet::LETTERS => "letter".into(),
            s if s == CharSet::ALPHANUMERIC => "letter or digit".into(),
            s if s == CharSet::SPECIAL => "special character".into(),
            s if s == CharSet::SPECIAL.difference(CharSet::SPACE) => "special character".into(),
            s if s == CharSet::ASCII_PRINTABLE => "printable character".into(),
            s => format!("character from {}", s.chars().collect::<String>()),
        }
    }
}

impl fmt::Debug for CharSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CharSet({:?})", self.chars().collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_have_their_sizes() {
        assert_eq!(CharSet::UPPER.len(), 26);
        assert_eq!(CharSet::LOWER.len(), 26);
        assert_eq!(CharSet::DIGIT.len(), 10);
        assert_eq!(CharSet::ASCII_PRINTABLE.len(), 95);
        assert_eq!(CharSet::SPECIAL.len(), 33);
        assert_eq!(CharSet::LOOK_ALIKES.len(), 6);
        assert_eq!(CharSet::ALPHANUMERIC.difference(CharSet::LOOK_ALIKES).len(), 56);
    }

    #[test]
    fn nth_walks_the_set_in_order() {
        let s = CharSet::from_chars("zA9!");
        assert_eq!(s.nth(0), Some('!'));
        assert_eq!(s.nth(1), Some('9'));
        assert_eq!(s.nth(2), Some('A'));
        assert_eq!(s.nth(3), Some('z'));
        assert_eq!(s.nth(4), None);
        assert_eq!(s.chars().collect::<String>(), "!9Az");
    }

    #[test]
    fn nth_agrees_with_walking_the_characters() {
        let sets = [
            CharSet::EMPTY,
            CharSet::ASCII_PRINTABLE,
            CharSet::SPECIAL,
            CharSet::ALPHANUMERIC.difference(CharSet::LOOK_ALIKES),
            CharSet::from_chars("~"),
            CharSet::from_chars(" ~"),
            CharSet::from_chars("!/09@Z`z{~"),
        ];
        for set in sets {
            let walked: Vec<char> = set.chars().collect();
            for n in 0..=96 {
                assert_eq!(set.nth(n), walked.get(n).copied(), "{set:?}.nth({n})");
            }
        }
    }

    #[test]
    fn non_ascii_is_never_a_member() {
        assert!(!CharSet::ASCII_PRINTABLE.contains('é'));
        assert!(!CharSet::ASCII_PRINTABLE.contains('\n'));
        assert_eq!(CharSet::from_chars("é\t"), CharSet::EMPTY);
        assert!(CharSet::single('€').is_none());
    }

    #[test]
    fn prefer_without_never_empties() {
        let ones = CharSet::from_chars("1l");
        assert_eq!(ones.prefer_without(CharSet::LOOK_ALIKES), ones);
        assert_eq!(CharSet::DIGIT.prefer_without(CharSet::LOOK_ALIKES).len(), 8);
    }

    #[test]
    fn describe_names_the_common_classes() {
        assert_eq!(CharSet::DIGIT.describe(), "digit");
        assert_eq!(CharSet::UPPER.describe(), "uppercase letter");
        assert_eq!(CharSet::from_chars("#!").describe(), "character from !#");
    }
}
