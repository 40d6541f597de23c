"""Output: palette (style), explorer page, diagrams, exports, and the atomic writes they all use."""
