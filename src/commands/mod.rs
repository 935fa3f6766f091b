//! Commands built on search: listing figures, citing, verifying, batches.

pub mod batch;
pub mod cite;
pub mod figure_list;
pub mod verify;
