"""Publication lists as BibTeX, CSL-JSON, RIS and Atom: pure functions from read records to text."""
