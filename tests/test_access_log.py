"""The access log keeps no resume or certificate code, no query string and no address."""

from __future__ import annotations

import logging

from course.access_log import redact
from course.rsgi import BufferedWSGI

from .test_rsgi import Scope


def test_resume_and_certificate_codes_never_reach_the_access_log():
    assert redact("/resume/K7QM-2HXD-9RTB-PWN4C") == "/resume/…"
    assert redact("/certificates/ABCD2345EFGH") == "/certificates/…"
    assert redact("/live/ABC234/state?code=K7QM2HXD") == "/live/ABC234/state"


def test_the_served_apps_log_line_has_the_path_status_and_time_only(caplog):
    scope = Scope(path="/resume/K7QM-2HXD-9RTB-PWN4C", query_string="next=/me", client="203.0.113.9:5555")
    with caplog.at_level(logging.INFO, logger="course.access"):
        BufferedWSGI._log(scope, 200, 12, 0.0)
    [line] = [record.getMessage() for record in caplog.records]
    assert line.startswith('"GET /resume/… HTTP/1.1" 200 12 ')
    assert "K7QM" not in line and "203.0.113" not in line and "next=" not in line
