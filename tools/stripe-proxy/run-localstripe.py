"""Runs localstripe (PyPI, pinned by scripts/install.sh) on loopback only, state in memory.

localstripe's own entry point listens on every interface and pickles its whole store to
/tmp/localstripe.pickle after each write: shared by both stack profiles, owned by whoever wrote
it first, and slower with every object. Tests start from an empty Stripe anyway.
Usage: python run-localstripe.py <port>
"""
import sys

from aiohttp import web

import localstripe.resources as resources
from localstripe.server import app

resources.Store.dump_to_disk = lambda self: None

web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), access_log=None, print=None)
