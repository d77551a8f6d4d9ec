"""gunicorn's access log without secrets: resume and certificate codes in a path are replaced by "…".

A resume code moves a guest's learning record and a certificate code proves a result; both are stored
only as hashes, so the log must not keep them either. `make run` passes this class to gunicorn as its
`--logger-class`.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(r"(/(?:resume|certificates)/)[^\s?/]+")
QUERY = re.compile(r"\?[^\s]*")


def redact(text: str) -> str:
    """A request line or path with its codes replaced and its query string dropped."""
    return SECRET_IN_PATH.sub(r"\1…", QUERY.sub("", text))


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "{raw_uri}e", "{path_info}e", "{request_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        atoms["q"] = atoms["{query_string}e"] = ""  # nothing the app needs in a log travels in a query string
        atoms["f"] = "-"  # a referrer could carry a code too
        return atoms
