"""review-tools: a research and systematic-review workbench for social-welfare research."""

__version__ = "0.1.0"
