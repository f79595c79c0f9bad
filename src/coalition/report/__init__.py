"""Presentation: HTML written from analysis results."""
