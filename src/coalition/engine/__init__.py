"""The engine: components stepped day by day over arrays of draws."""
