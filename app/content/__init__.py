"""Card and session-plan content: Markdown files with YAML front matter, loaded once."""
