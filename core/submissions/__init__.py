"""One-time submission tokens: a double click or a retried POST is answered with what the first
submission did (ADR 49)."""
