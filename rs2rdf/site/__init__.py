"""The static site: one page or anchor per resource, .ttl/.jsonld twins, search, charts."""

from .build import build_site, site_stage

__all__ = ["build_site", "site_stage"]
