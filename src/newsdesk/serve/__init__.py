"""The web app: events, event briefs with citations, articles, search and upload (FastAPI).

``create_app(db)`` returns the ASGI app; ``newsdesk serve`` runs it with uvicorn.
"""

from ..errors import require

require("fastapi", "web")  # a clear "pip install 'newsdesk[web]'" instead of an ImportError below
require("jinja2", "web")

from .app import create_app

__all__ = ["create_app"]
