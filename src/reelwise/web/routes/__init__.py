"""Page and API routes, one module per area."""
