"""The root Mutation type and what it is built from; every field needs a curator's API key."""

from api.graphql.mutations.mutation import Mutation

__all__ = ["Mutation"]
