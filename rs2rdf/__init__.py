"""rs2rdf: Japan's 行政事業レビューシート (administrative project review sheets) as linked open data.

The public API (see the README's "Python API" section)::

    import rs2rdf
    records = rs2rdf.read("rs/2024/")            # typed records and problems
    store = rs2rdf.to_graph(records)              # a pyoxigraph store
    report = rs2rdf.validate(store)               # SHACL: report.conforms, report.results
    rows = rs2rdf.query(store, "SELECT ...")      # one dict per row
    result = rs2rdf.build("rs/2024/", out="site") # everything, as ``rs2rdf build`` does

Everything else in the package is internal.
"""

__version__ = "0.2.0"

from rs2rdf.api import BuildResult, Config, Problem, Records, Report, build, query, read, to_graph, validate  # noqa: E402
from rs2rdf.core import records  # noqa: E402
from rs2rdf.core.resources import sample_dir  # noqa: E402

__all__ = ["BuildResult", "Config", "Problem", "Records", "Report", "__version__", "build", "query", "read", "records",
           "sample_dir", "to_graph", "validate"]
