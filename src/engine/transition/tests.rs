//! Hand-worked transitions (docs/semantics.md §8).
