"""The Whoosh search backend (see `engine`), and the query syntax every backend shares
(`queries`)."""
