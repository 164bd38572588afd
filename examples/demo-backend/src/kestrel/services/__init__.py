"""Business logic on top of the models; the API layer calls these."""
