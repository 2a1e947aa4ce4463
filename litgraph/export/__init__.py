"""Exporters: what the graph and its records look like to other tools."""
