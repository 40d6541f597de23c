"""The curated knowledge base: loading the RDF (store), its compiled form, the NetworkX view, views, validation."""
