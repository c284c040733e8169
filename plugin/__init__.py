"""Plugin lifecycle (provider registration, menu, translator)."""
