"""A prepared query (a tree of Whoosh query objects) as a Tantivy query.

Queries are parsed and prepared once, by the same code for every engine (`whoosh/queries.py`:
our syntax, folded words and stems, bounded expansions); this module only translates the tree,
node by node, and collects the words a hit may be marked by.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import tantivy
from whoosh import query as wq
from whoosh.reading import IndexReader

from ...errors import QuerySyntaxError

Occur = tantivy.Occur


@dataclass
class Words:
    """The folded words and the stems a query looks for (not those it excludes)."""

    terms: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)

    def add(self, fieldname: str, word: str) -> None:
        (self.stems if fieldname.startswith("stems_") else self.terms).add(word)


def translate(query: wq.Query, schema: tantivy.Schema, lexicon: IndexReader,
              boosts: Mapping[str, float], words: Words) -> tantivy.Query:
    """The Tantivy query for `query`; the words it looks for are added to `words`.

    `boosts` weighs a field's matches (a title counts double), as Whoosh's schema does.

    Raises:
        QuerySyntaxError: the query holds a kind of node this engine cannot run.
    """
    return _Translator(schema, lexicon, boosts, words).node(query, positive=True)


class _Translator:
    def __init__(self, schema: tantivy.Schema, lexicon: IndexReader,
                 boosts: Mapping[str, float], words: Words) -> None:
        self.schema, self.lexicon, self.boosts, self.words = schema, lexicon, boosts, words

    def node(self, query: wq.Query, positive: bool) -> tantivy.Query:
        translated = self._bare(query, positive)
        boost = getattr(query, "boost", 1.0) * self.boosts.get(_field(query) or "", 1.0)
        return translated if boost == 1.0 else tantivy.Query.boost_query(translated, boost)

    def _bare(self, query: wq.Query, positive: bool) -> tantivy.Query:
        if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
            return tantivy.Query.empty_query()
        if isinstance(query, wq.Every):
            return tantivy.Query.all_query()
        if isinstance(query, wq.Term):
            return self._term(query.fieldname, _decode(query.text), positive)
        if isinstance(query, wq.Phrase):
            words: list[str | tuple[int, str]] = [_decode(word) for word in query.words]
            if positive:
                for word in query.words:
                    self.words.add(query.fieldname, _decode(word))
            if len(words) == 1:
                return tantivy.Query.term_query(self.schema, query.fieldname,
                                                _decode(query.words[0]))
            # Whoosh's slop counts the step to the next word (1: adjacent), Tantivy's the gaps.
            return tantivy.Query.phrase_query(self.schema, query.fieldname, words,
                                              max(0, query.slop - 1))
        if isinstance(query, wq.MultiTerm):  # prefix, wildcard, fuzzy: bounded already
            return self._any([self._term(fieldname, _decode(word), positive) for fieldname, word
                              in query.expanded_terms(self.lexicon)])
        if isinstance(query, wq.NumericRange):
            return tantivy.Query.range_query(
                self.schema, query.fieldname, tantivy.FieldType.Integer, query.start,
                query.end, include_lower=query.start is None or not query.startexcl,
                include_upper=query.end is None or not query.endexcl)
        if isinstance(query, wq.AndNot):
            return tantivy.Query.boolean_query([(Occur.Must, self.node(query.a, positive)),
                                                (Occur.MustNot, self.node(query.b, False))])
        if isinstance(query, wq.AndMaybe):
            return tantivy.Query.boolean_query([(Occur.Must, self.node(query.a, positive)),
                                                (Occur.Should, self.node(query.b, positive))])
        if isinstance(query, wq.Not):
            return tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()),
                                                (Occur.MustNot, self.node(query.query, False))])
        if isinstance(query, wq.And):
            return self._all(query.subqueries, positive)
        if isinstance(query, wq.DisjunctionMax):
            return tantivy.Query.disjunction_max_query(
                [self.node(child, positive) for child in query.subqueries],
                query.tiebreak or None)
        if isinstance(query, wq.Or):
            return self._any([self.node(child, positive) for child in query.subqueries])
        raise QuerySyntaxError(f"the query part {query} cannot be searched with Tantivy")

    def _term(self, fieldname: str, word: str, positive: bool) -> tantivy.Query:
        if positive:
            self.words.add(fieldname, word)
        return tantivy.Query.term_query(self.schema, fieldname, word)

    def _all(self, children: list[wq.Query], positive: bool) -> tantivy.Query:
        """Every child must match; a NOT child must not (and alone matches everything else)."""
        clauses = [(Occur.MustNot, self.node(child.query, False)) if isinstance(child, wq.Not)
                   else (Occur.Must, self.node(child, positive)) for child in children]
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def _any(queries: list[tantivy.Query]) -> tantivy.Query:
        if not queries:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])


def _field(query: wq.Query) -> str | None:
    return getattr(query, "fieldname", None) if query.is_leaf() else None


def _decode(text: str | bytes) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text
