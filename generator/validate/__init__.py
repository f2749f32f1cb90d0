"""Validate stage: raw documents → typed models, every problem collected with its position."""
