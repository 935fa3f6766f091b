//! Text helpers shared by every stage: what counts as space, word counts,
//! sentence boundaries ([`segment`]) and English function words
//! ([`stopwords`]).

pub mod segment;
pub mod stopwords;
