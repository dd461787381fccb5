//! The only source of randomness: the operating system's (natively) or the
//! browser's (`crypto.getRandomValues`, in wasm) CSPRNG, through `getrandom`.
//!
//! Written by hand because it is ours to decide how randomness is fetched:
//! bytes are drawn from `getrandom` a block at a time, handed out once, and
//! wiped when consumed or dropped. One call per block instead of one per
//! number matters in wasm, where each call crosses into JavaScript. Uniform
//! ranges and shuffles on top of it come from `rand`.

use std::convert::Infallible;

use rand::{TryCryptoRng, TryRng};
use zeroize::Zeroize;

const BLOCK: usize = 256;

/// A cryptographically secure RNG that reads the system CSPRNG in blocks.
pub struct SystemRng {
    buf: [u8; BLOCK],
    pos: usize,
}

impl SystemRng {
    /// Creates the generator and fetches its first block, so that an
    /// unavailable CSPRNG is reported here as an error rather than later.
    pub fn new() -> Result<SystemRng, getrandom::Error> {
        let mut rng = SystemRng { buf: [0; BLOCK], pos: 0 };
        getrandom::fill(&mut rng.buf)?;
        Ok(rng)
    }

    fn refill(&mut self) {
        // The first fill succeeded, so the CSPRNG exists; a later failure is
        // as fatal here as in rand's own ThreadRng: never fall back to less.
        if let Err(err) = getrandom::fill(&mut self.buf) {
            panic!("the system random number generator failed: {err}");
        }
        self.pos = 0;
    }

    fn take<const N: usize>(&mut self) -> [u8; N] {
        if self.pos + N > BLOCK {
            self.refill();
        }
        let mut out = [0u8; N];
        out.copy_from_slice(&self.buf[self.pos..self.pos + N]);
        self.buf[self.pos..self.pos + N].zeroize();
        self.pos += N;
        out
    }
}

impl TryRng for SystemRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(u32::from_le_bytes(self.take::<4>()))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(u64::from_le_bytes(self.take::<8>()))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(4) {
            let word = self.take::<4>();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for SystemRng {}

impl Drop for SystemRng {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

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
    fn consumed_bytes_are_wiped() {
        let mut rng = SystemRng::new().unwrap();
        let _ = rng.next_u64();
        assert_eq!(&rng.buf[..8], &[0u8; 8]);
    }
}
