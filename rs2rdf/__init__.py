"""rs2rdf: Japan's 行政事業レビューシート as linked open data."""

__version__ = "0.1.0"
