"""Render stage: page specs → HTML through Jinja templates (overridable in overrides/)."""
