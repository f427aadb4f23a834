"""Author identity: name variants, name tokens, duplicate candidates, merges, ORCID iDs."""
