"""Typed models of the data files. They import nothing from site engines or map libraries."""
