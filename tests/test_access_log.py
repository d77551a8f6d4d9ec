"""The access log keeps no resume or certificate code, and no query string."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from course.access_log import RedactingLogger

FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def logged_line(path: str, query: str = "") -> str:
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://school.example{path}",
    }
    response = SimpleNamespace(status="200 OK", sent=12, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=3))
    return FORMAT % atoms


def test_resume_and_certificate_codes_never_reach_the_access_log():
    resume = logged_line("/resume/K7QM-2HXD-9RTB-PWN4C")
    certificate = logged_line("/certificates/ABCD2345EFGH")
    assert "K7QM" not in resume and '"GET /resume/… HTTP/1.1" 200' in resume
    assert "ABCD2345" not in certificate and "/certificates/…" in certificate


def test_query_strings_are_left_out_and_ordinary_paths_kept():
    line = logged_line("/live/ABC234/state", "code=K7QM2HXD")
    assert "K7QM" not in line and '"GET /live/ABC234/state HTTP/1.1"' in line
