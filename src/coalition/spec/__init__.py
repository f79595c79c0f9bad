"""Scenario files and their typed models."""
