//! What data protection asks of us for one address: everything stored about it in one JSON
//! document (GDPR Art. 15) and the removal of every trace of it (Art. 17). Each owner of a
//! table reads and changes its own rows; this module puts the parts together, erasure in one
//! transaction so nothing is left half-done.

mod erase;
mod export;

pub use erase::{Erased, ErasureRefused, erase};
pub use export::export;
