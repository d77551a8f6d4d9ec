"""The sample TLS proxy in deploy/ runs as shipped in front of `make run` (deploy/check-proxy.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import ROOT

NEEDED = ("nginx", "openssl", "curl")


def test_the_sample_nginx_site_serves_the_course_over_tls():
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install nginx openssl curl)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must install them.")
        pytest.skip(message)
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / "check-proxy.sh")], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("every proxy check passed")
