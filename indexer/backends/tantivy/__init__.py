"""The Tantivy search backend (see `engine`)."""
