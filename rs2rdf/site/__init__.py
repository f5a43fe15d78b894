"""The static site: one page or anchor per resource, .ttl/.jsonld twins, search, charts."""

from rs2rdf.site.build import build_site, site_stage

__all__ = ["build_site", "site_stage"]
