//! The only source of randomness: a ChaCha20 keystream keyed from the
//! operating system's CSPRNG (natively) or the browser's
//! (`crypto.getRandomValues`, in wasm), through `getrandom`, and exactly
//! uniform draws on top of it.
//!
//! Why a keystream instead of the kernel for every byte: reading `getrandom`
//! per 256-byte block was a third of the generator's time natively and more in
//! wasm, where each call crosses into JavaScript. ChaCha20 keyed with 256 bits
//! from `getrandom` is a cryptographically secure generator (it is what the
//! Linux kernel itself and rand's `StdRng` run); SECURITY.md records the
//! decision. Each [`SystemRng`] takes a fresh key from `getrandom` when it is
//! made (one per [`generate`](crate::generate()) call) and again after every
//! [`REKEY_BYTES`] of keystream, so one key never makes more than a bounded
//! number of secrets. Keystream words are wiped as they are handed out, the
//! key and the ChaCha state when replaced or dropped.
//!
//! Uniform ranges are ours too ([`below`], [`Batch`]): rand's `random_range`
//! uses Canon's method, whose results are biased by at most 2^-64 or so;
//! these reject instead, so every value is exactly equally likely.

use std::convert::Infallible;

use chacha20::rand_core::SeedableRng;
use chacha20::rand_core::block::Generator as _;
use chacha20::variants::Legacy;
use chacha20::{ChaChaCore, R20};
use rand::{Rng, TryCryptoRng, TryRng};
use zeroize::{Zeroize, Zeroizing};

/// 32-bit words of keystream made at once: four ChaCha20 blocks (256 bytes),
/// which the SIMD backends compute in parallel.
const WORDS: usize = 64;
/// Refills (of [`WORDS`] words) made with one key before the next is fetched.
const REFILLS_PER_KEY: u32 = 64;
/// Bytes of keystream one key makes at most before [`SystemRng`] fetches a
/// new one from `getrandom`: 16 KiB. Every secret takes at least one 64-bit
/// draw, so one key makes at most 2,048 secrets (about 1,000 of the usual
/// 16-character passwords, which take two).
pub const REKEY_BYTES: usize = WORDS * 4 * REFILLS_PER_KEY as usize;

/// A cryptographically secure RNG: ChaCha20 keyed from the system CSPRNG and
/// re-keyed from it every [`REKEY_BYTES`] bytes.
pub struct SystemRng {
    core: ChaChaCore<R20, Legacy>,
    buf: [u32; WORDS],
    pos: usize,
    refills: u32,
    #[cfg(test)]
    keys: u32,
}

/// A ChaCha20 core keyed with 32 bytes from `getrandom` (counter and nonce
/// zero: every key is fresh). The key is wiped here; the core wipes its own
/// copy when dropped (chacha20's `zeroize` feature).
fn keyed() -> Result<ChaChaCore<R20, Legacy>, getrandom::Error> {
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(key.as_mut())?;
    Ok(ChaChaCore::from_seed(*key))
}

/// Words taken straight from `getrandom` with the first key, before any
/// keystream: enough for a one-off secret, which then costs no ChaCha block.
const DIRECT_WORDS: usize = 16;

impl SystemRng {
    /// Keys the generator from the system CSPRNG, so that an unavailable
    /// CSPRNG is reported here as an error rather than later. The same read
    /// supplies the first 16 words (64 bytes); the keystream starts after.
    pub fn new() -> Result<SystemRng, getrandom::Error> {
        let mut seed = Zeroizing::new([0u8; 32 + 4 * DIRECT_WORDS]);
        getrandom::fill(seed.as_mut())?;
        let (key, direct) = seed.split_at(32);
        let mut key32 = Zeroizing::new([0u8; 32]);
        key32.copy_from_slice(key);
        let mut rng = SystemRng {
            core: ChaChaCore::from_seed(*key32),
            buf: [0; WORDS],
            pos: WORDS - DIRECT_WORDS,
            refills: 0,
            #[cfg(test)]
            keys: 1,
        };
        for (word, bytes) in rng.buf[WORDS - DIRECT_WORDS..].iter_mut().zip(direct.chunks_exact(4)) {
            *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        Ok(rng)
    }

    /// Replaces the key with a fresh one from the system CSPRNG now, wiping
    /// the old key's state and any keystream not yet used. [`SystemRng`] does
    /// this by itself every [`REKEY_BYTES`]; call it to start a new batch
    /// explicitly, with a typed error if the CSPRNG fails.
    pub fn rekey(&mut self) -> Result<(), getrandom::Error> {
        // The old core is dropped here, which wipes its state.
        self.core = keyed()?;
        self.buf.zeroize();
        self.pos = WORDS;
        self.refills = 0;
        #[cfg(test)]
        {
            self.keys += 1;
        }
        Ok(())
    }

    #[cold]
    fn refill(&mut self) {
        if self.refills >= REFILLS_PER_KEY {
            // The first key was read, so the CSPRNG exists; a later failure
            // is as fatal here as in rand's own ThreadRng: the stream is never
            // continued past its budget, and nothing weaker is ever used.
            if let Err(err) = self.rekey() {
                panic!("the system random number generator failed: {err}");
            }
        }
        self.core.generate(&mut self.buf);
        self.refills += 1;
        self.pos = 0;
    }

    #[inline]
    fn word(&mut self) -> u32 {
        if self.pos >= WORDS {
            self.refill();
        }
        let word = self.buf[self.pos];
        self.buf[self.pos].zeroize();
        self.pos += 1;
        word
    }
}

impl TryRng for SystemRng {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.word())
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let lo = u64::from(self.word());
        Ok(lo | u64::from(self.word()) << 32)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(4) {
            let mut word = self.word().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
            word.zeroize();
        }
        Ok(())
    }
}

impl TryCryptoRng for SystemRng {}

impl Drop for SystemRng {
    fn drop(&mut self) {
        // The core wipes its own state when it is dropped, after this.
        self.buf.zeroize();
    }
}

/// `x * n` as (the high 64 bits, the low 64 bits), for `n < 2^32`: the high
/// part is a digit below `n`.
#[inline(always)]
fn mul_wide(x: u64, n: u32) -> (u32, u64) {
    #[cfg(target_pointer_width = "64")]
    {
        let p = u128::from(x) * u128::from(n);
        ((p >> 64) as u32, p as u64)
    }
    #[cfg(not(target_pointer_width = "64"))]
    {
        // Two 32×32 multiplications instead of a 128-bit one, which wasm32
        // would make a call to compiler-builtins.
        let n = u64::from(n);
        let low = (x & 0xffff_ffff) * n;
        let mid = (x >> 32) * n + (low >> 32);
        ((mid >> 32) as u32, mid << 32 | (low & 0xffff_ffff))
    }
}

/// A uniform integer in `0..n`, exactly: Lemire's multiply-and-shift of one
/// 32-bit draw, rejecting the `2^32 mod n` low products that would make some
/// results more likely than others.
///
/// # Panics
///
/// If `n` is 0.
#[inline]
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: u32) -> u32 {
    assert!(n > 0, "below(0)");
    let mut m = u64::from(rng.next_u32()) * u64::from(n);
    if (m as u32) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u32) < threshold {
            m = u64::from(rng.next_u32()) * u64::from(n);
        }
    }
    (m >> 32) as u32
}

/// Products of radices up to this are drawn from one 64-bit word: a draw is
/// then rejected with probability below 2^-8.
const GROUP_LIMIT: u64 = 1 << 56;

/// A fixed list of ranges `0..n₁, 0..n₂, …` drawn together, exactly uniform
/// and independent, several from each 64-bit word.
///
/// Consecutive radices are grouped while their product `N` stays at most
/// 2^56. One group is one draw `x`: multiplying it by each radix in turn,
/// keeping the low 64 bits, yields as high parts the mixed-radix digits of
/// `⌊x·N / 2^64⌋`, and leaves `x·N mod 2^64`; rejecting `x` when that is
/// below `2^64 mod N` is Lemire's method for the range `0..N`, so the group's
/// value is uniform and its digits are independent and uniform (Brackett-
/// Rozinsky and Lemire, "Batched ranged random integer generation", 2024).
/// No division is made per draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    radices: Vec<u32>,
    /// Per group: one past its last radix, and the rejection threshold
    /// `2^64 mod N`.
    groups: Vec<(usize, u64)>,
}

impl Batch {
    /// The draws for `radices`, in order.
    ///
    /// # Panics
    ///
    /// If a radix is 0.
    pub fn new(radices: impl IntoIterator<Item = u32>) -> Batch {
        let radices: Vec<u32> = radices.into_iter().collect();
        assert!(radices.iter().all(|&n| n > 0), "an empty range");
        let mut groups = Vec::new();
        let mut product: u64 = 1;
        for (i, &n) in radices.iter().enumerate() {
            match product.checked_mul(u64::from(n)).filter(|&p| p <= GROUP_LIMIT) {
                Some(p) => product = p,
                None => {
                    groups.push((i, product.wrapping_neg() % product));
                    product = u64::from(n);
                }
            }
        }
        if !radices.is_empty() {
            groups.push((radices.len(), product.wrapping_neg() % product));
        }
        Batch { radices, groups }
    }

    /// How many values one [`draw`](Batch::draw) makes.
    pub fn len(&self) -> usize {
        self.radices.len()
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.radices.is_empty()
    }

    /// Fills `out[i]` with a uniform value below the `i`th radix.
    ///
    /// # Panics
    ///
    /// If `out` is shorter than [`len`](Batch::len).
    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [u32]) {
        let out = &mut out[..self.radices.len()];
        let mut start = 0;
        for &(end, threshold) in &self.groups {
            loop {
                let mut x = rng.next_u64();
                for (digit, &n) in out[start..end].iter_mut().zip(&self.radices[start..end]) {
                    let (high, low) = mul_wide(x, n);
                    *digit = high;
                    x = low;
                }
                if x >= threshold {
                    break;
                }
            }
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_cross_block_boundaries_and_differ() {
        let mut rng = SystemRng::new().unwrap();
        let draws: Vec<u64> = (0..200).map(|_| rng.next_u64()).collect();
        let mut distinct = draws.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), draws.len(), "200 random u64 values never collide");
    }

    #[test]
    fn consumed_words_are_wiped() {
        let mut rng = SystemRng::new().unwrap();
        let _ = rng.next_u64();
        let first = WORDS - DIRECT_WORDS;
        assert_eq!(&rng.buf[..first + 2], &[0u32; WORDS - DIRECT_WORDS + 2][..]);
        assert!(rng.buf[first + 2..].iter().any(|&w| w != 0), "the rest is still to be used");
        for _ in 0..DIRECT_WORDS {
            rng.next_u32();
        }
        assert_eq!(rng.refills, 1, "the keystream starts after the direct words");
        assert_eq!(&rng.buf[..2], &[0u32; 2], "two words of the first block used");
        assert!(rng.buf[2..].iter().any(|&w| w != 0), "the rest is keystream");
    }

    #[test]
    fn the_keystream_is_chacha20() {
        // RFC 7539's ChaCha20 with the all-zero key and nonce (the first
        // keystream block of test vector 1 of its section A.1), through the
        // same core and buffer SystemRng uses.
        let mut rng = SystemRng::new().unwrap();
        rng.core = ChaChaCore::from_seed([0; 32]);
        rng.pos = WORDS;
        let mut block = [0u8; 16];
        rng.fill_bytes(&mut block);
        assert_eq!(
            block,
            [0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86, 0xbd, 0x28]
        );
    }

    #[test]
    fn a_new_key_comes_after_the_budget() {
        let mut rng = SystemRng::new().unwrap();
        assert_eq!(rng.keys, 1);
        for _ in 0..DIRECT_WORDS + REKEY_BYTES / 4 {
            rng.next_u32();
        }
        assert_eq!(rng.keys, 1, "exactly the budget from the first key");
        rng.next_u32();
        assert_eq!(rng.keys, 2, "the next word needs a new key");
        rng.rekey().unwrap();
        assert_eq!((rng.keys, rng.pos), (3, WORDS), "rekey drops what is left of the stream");
        assert!(rng.buf.iter().all(|&w| w == 0));
    }

    /// A fake RNG that returns the given words in order, for exact checks
    /// of the samplers.
    struct Words(Vec<u64>);

    impl Words {
        fn new(mut words: Vec<u64>) -> Words {
            words.reverse();
            Words(words)
        }
    }

    impl TryRng for Words {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            Ok(self.0.pop().expect("enough words") as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            Ok(self.0.pop().expect("enough words"))
        }
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Infallible> {
            unimplemented!()
        }
    }

    #[test]
    fn below_rejects_the_low_products_that_would_bias_it() {
        // For n = 6, the 2^32 mod 6 = 4 inputs whose low product is below 4
        // are rejected; the rest split into six classes of equal size.
        let n = 6u32;
        let threshold = n.wrapping_neg() % n; // 2^32 mod 6 = 4
        assert_eq!(threshold, 4);
        // Input 0 gives the low product 0 < 4: rejected, the next word is
        // used instead (2^30 * 6 = 1.5 * 2^32: result 1, low part 2^31).
        let mut rng = Words::new(vec![0, 1 << 30]);
        assert_eq!(below(&mut rng, n), 1);
        assert!(rng.0.is_empty(), "two words drawn");
        let mut rng = Words::new(vec![u64::from(u32::MAX)]);
        assert_eq!(below(&mut rng, n), 5);
        let mut rng = Words::new(vec![1]);
        assert_eq!(below(&mut rng, 1), 0);
    }

    #[test]
    fn mul_wide_agrees_with_128_bit_arithmetic() {
        for &x in &[0u64, 1, u64::MAX, 0x1234_5678_9abc_def0, 1 << 63] {
            for &n in &[1u32, 2, 56, 95, u32::MAX] {
                let p = u128::from(x) * u128::from(n);
                assert_eq!(mul_wide(x, n), ((p >> 64) as u32, p as u64));
                let low = (x & 0xffff_ffff) * u64::from(n);
                let mid = (x >> 32) * u64::from(n) + (low >> 32);
                assert_eq!(((mid >> 32) as u32, mid << 32 | (low & 0xffff_ffff)), mul_wide(x, n));
            }
        }
    }

    #[test]
    fn batches_group_radices_under_the_limit() {
        let batch = Batch::new([56; 20]);
        // 56^9 < 2^56 < 56^10: nine per group.
        assert_eq!(batch.groups.iter().map(|g| g.0).collect::<Vec<_>>(), vec![9, 18, 20]);
        assert!(Batch::new([]).is_empty());
        assert_eq!(Batch::new([1, 1, 1]).groups.len(), 1);
    }

    #[test]
    fn a_batch_is_the_mixed_radix_digits_of_lemires_product() {
        // Radices 3 and 5: N = 15; x = 2^63 gives ⌊x·15 / 2^64⌋ = 7 = 1·5 + 2.
        let batch = Batch::new([3, 5]);
        let mut out = [0u32; 2];
        batch.draw(&mut Words::new(vec![1 << 63]), &mut out);
        assert_eq!(out, [1, 2]);
        // x = 0 leaves x·N mod 2^64 = 0 < 2^64 mod 15 = 1: rejected, the next
        // word (all ones: ⌊(2^64-1)·15 / 2^64⌋ = 14 = 2·5 + 4) is used.
        batch.draw(&mut Words::new(vec![0, u64::MAX]), &mut out);
        assert_eq!(out, [2, 4]);
    }

    #[test]
    fn batch_digits_are_uniform_over_a_full_small_space() {
        // Every (a, b, c) below (3, 4, 5) equally often when x runs over an
        // evenly spaced grid of 60 * 1000 points: the digits are exactly the
        // mixed-radix expansion, a bijection on each accepted class.
        let batch = Batch::new([3, 4, 5]);
        let mut counts = [0u32; 60];
        let step = u64::MAX / 60_000;
        let mut rng = Words::new((0..60_000u64).map(|i| i * step + step / 2).collect());
        let mut out = [0u32; 3];
        for _ in 0..60_000 {
            batch.draw(&mut rng, &mut out);
            counts[(out[0] * 20 + out[1] * 5 + out[2]) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| c == 1000), "{counts:?}");
    }
}
