"""Models for this app arrive with their issues; see docs/architecture.md."""
