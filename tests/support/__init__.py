"""Test helpers that are not tests: headless browser, Virtuoso harness, fresh-interpreter runner."""
