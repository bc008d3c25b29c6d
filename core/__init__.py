"""The content model: articles, notices, targeting and validity windows, and their validation."""
