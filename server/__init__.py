"""The SPARQL endpoint and linked-data server: ``create_app(config)`` builds the Flask application."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the environment, then *config* (tests and the serve command)."""
    # Imported here, not above: a query worker imports modules of this package and needs neither Flask nor
    # the pages (each worker process stays small; see executor.py).
    from flask import Flask

    from plangraph.server.public_url import PublicUrl, check_public_url
    from plangraph.server.settings import DEFAULTS, from_environment
    from plangraph.server.void import check_license
    from plangraph.store.dialect import configured

    settings = {**DEFAULTS, **from_environment(), **(config or {})}
    from plangraph.store.remote import is_endpoint

    location = str(settings["PLANGRAPH_STORE"])
    engine = is_endpoint(location)  # an external SPARQL engine rather than a folder
    store = Path(location).resolve() if not engine else Path(tempfile.gettempdir())
    # The instance path is given explicitly: plangraph is a namespace package (see STYLE.md §5).
    app = Flask(__name__, instance_path=str(store.parent / "instance"), instance_relative_config=False)
    app.config.update(settings)
    app.config["PLANGRAPH_STORE"] = location if engine else str(store)
    limits = (settings["PLANGRAPH_MAX_QUERY_BYTES"], settings["PLANGRAPH_MAX_UPLOAD_BYTES"])
    app.config["MAX_CONTENT_LENGTH"] = max(limits)
    public = check_public_url(settings["PLANGRAPH_PUBLIC_URL"] or "http://localhost")
    check_license(settings["PLANGRAPH_LICENSE"])
    configured(str(settings["PLANGRAPH_STORE_DIALECT"]))  # a dialect that is none: ValueError naming the choices
    app.config["PLANGRAPH_PUBLIC_URL"] = public
    app.wsgi_app = PublicUrl(app.wsgi_app, public)  # type: ignore[method-assign]

    from plangraph.server import (
        api,
        browse,
        charts,
        compare,
        editor,
        errors,
        gsp,
        http,
        linked,
        lists,
        ops,
        page_cache,
        peers,
        source_view,
        sparql,
        state,
        warm,
    )
    from plangraph.server.links import href_attribute

    app.jinja_env.filters["href"] = href_attribute  # every href of every page: a link, or text (links.py)
    state.init_app(app)
    warm.init_app(app)
    charts.init_app(app)
    http.init_app(app)
    errors.init_app(app)
    page_cache.init_app(app)  # after http: the headers every response gets are added to kept pages too
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(gsp.blueprint)
    app.register_blueprint(linked.blueprint)
    app.register_blueprint(ops.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(browse.blueprint)
    app.register_blueprint(source_view.blueprint)
    app.register_blueprint(editor.blueprint)
    app.register_blueprint(lists.blueprint)
    app.register_blueprint(compare.blueprint)
    peers.init_app(app)
    return app
