"""Logistics: planning the deployment's movement over the transport network."""
