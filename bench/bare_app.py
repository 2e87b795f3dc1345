"""The baseline: a bare Litestar app with one endpoint, measured in the same run as the portal."""

from litestar import Litestar, get


@get("/", media_type="text/html", sync_to_thread=False)
def index() -> str:
    return "<!doctype html><title>bare</title><p>bare</p>"


app = Litestar(route_handlers=[index])
