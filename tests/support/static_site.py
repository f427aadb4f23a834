"""A folder served over HTTP from a thread: a second origin for pages that embed the widget."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@contextmanager
def serve_folder(folder: Path, *, rewrite: Mapping[str, str]) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 until the block ends; yields the base URL.

    HTML files have every key of ``rewrite`` replaced by its value, so a page written for the
    API's default address can point at the API a test started.
    """
    root = folder.resolve()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            relative = urlsplit(self.path).path.lstrip("/") or "index.html"
            path = (root / relative).resolve()
            if not path.is_file() or not path.is_relative_to(root):
                self.send_error(404)
                return
            content = path.read_bytes()
            if path.suffix == ".html":
                text = content.decode("utf-8")
                for old, new in rewrite.items():
                    text = text.replace(old, new)
                content = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "text/plain")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *_args: object) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
