"""The public site: the MkDocs docs tree made from published articles, the MkDocs run, the output audit and the atomic release."""
