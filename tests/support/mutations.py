"""The mutation documents tests send, written as a client would write them."""

from __future__ import annotations

PAPER_FIELDS = "id title abstract year venue doi url authors { name slug paperCount }"

CREATE_PAPER = f"""
mutation Create($input: CreatePaperInput!) {{
  createPaper(input: $input) {{ clientMutationId paper {{ {PAPER_FIELDS} }} }}
}}"""

UPDATE_PAPER = f"""
mutation Update($input: UpdatePaperInput!) {{
  updatePaper(input: $input) {{ clientMutationId paper {{ {PAPER_FIELDS} }} }}
}}"""

DELETE_PAPER = """
mutation Delete($input: DeletePaperInput!) {
  deletePaper(input: $input) { clientMutationId deletedPaperId }
}"""

SET_PAPER_AUTHORS = f"""
mutation SetAuthors($input: SetPaperAuthorsInput!) {{
  setPaperAuthors(input: $input) {{ clientMutationId paper {{ {PAPER_FIELDS} }} }}
}}"""

AUTHOR_FIELDS = "id slug name givenName familyName orcid paperCount"

CREATE_AUTHOR = f"""
mutation CreateAuthor($input: CreateAuthorInput!) {{
  createAuthor(input: $input) {{ clientMutationId author {{ {AUTHOR_FIELDS} }} }}
}}"""

UPDATE_AUTHOR = f"""
mutation UpdateAuthor($input: UpdateAuthorInput!) {{
  updateAuthor(input: $input) {{ clientMutationId author {{ {AUTHOR_FIELDS} }} }}
}}"""

IMPORT_PUBLICATIONS = """
mutation Import($format: ImportFormat!, $text: String!, $dryRun: Boolean! = false) {
  importPublications(format: $format, text: $text, dryRun: $dryRun) {
    papersNew papersUpdated papersUnchanged authorsNew authorsReused dryRun
  }
}"""

PAPER_ID_BY_TITLE = """
query ($title: String!) { papers(filter: {titleContains: $title}) { nodes { id title } } }"""

AUTHOR_BY_SLUG = f"""
query ($slug: String!) {{ author(slug: $slug) {{ {AUTHOR_FIELDS} }} }}"""

MERGE_AUTHORS = f"""
mutation Merge($input: MergeAuthorsInput!) {{
  mergeAuthors(input: $input) {{
    clientMutationId droppedAuthorId papersMoved author {{ {AUTHOR_FIELDS} }}
  }}
}}"""
