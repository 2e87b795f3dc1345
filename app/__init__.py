"""Affilio: the self-service portal of a social insurance fund for the self-employed."""

import os

# Piccolo finds its engine through this module path, for the app, the worker and its CLI alike.
os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
