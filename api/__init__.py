"""Who asks: the GraphQL schema on a starlette app, auth, limits and the `linkwise` CLI."""
