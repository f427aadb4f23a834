"""Full-text search over papers: query parsing, the per-dialect index SQL, ranking, snippets."""
