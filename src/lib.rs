//! Passwright core.
