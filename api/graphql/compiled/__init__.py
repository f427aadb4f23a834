"""Compiled reads: a query's whole selection as one SQL statement that returns its JSON answer.

Resolving field by field costs Python work per field of every row (a 50-paper author page is
some 400 resolver calls); the database can build the same JSON in one statement. For the read
shapes frontends send most (a paper, an author, paper lists and an author's papers, with
authors, counts, cursors and page info) :mod:`api.graphql.compiled.selection` turns the
operation into one statement (:mod:`api.graphql.compiled.json_sql` holds the SQLite and
PostgreSQL spellings), :mod:`api.graphql.compiled.pages` writes in the cursors and page info,
:mod:`api.graphql.compiled.lane` answers POSTed reads from it ahead of the framework, on
connections of its own (:mod:`api.graphql.compiled.readers`), and
:mod:`api.graphql.compiled.extension` answers those that reach Strawberry. Anything else (fragments,
directives, backward pages, search, mutations, a bad argument) is left by the compiler to the
resolvers, which stay the reference: in verify mode (the test suite) every compiled answer is
compared with theirs.
"""
