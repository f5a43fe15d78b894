"""The ``rs2rdf`` command: thin click commands over :mod:`rs2rdf`'s public API."""
