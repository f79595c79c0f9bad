"""Results → insight: summaries and comparisons. Never runs the model."""
