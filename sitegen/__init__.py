"""sitegen: a static-site generator for annotated news explainers."""

__version__ = "0.1.0"
