"""The calibration route: a bare Flask app with one route, served like the course to measure the server itself."""

from flask import Flask, request

from course.rsgi import served

app = Flask(__name__)


@app.get("/ping")
def ping() -> str:
    return "ok"


@app.post("/form")
def form() -> str:
    """Reads its body, as the course's forms do: what a slow body holds up (bench/compare_servers.py)."""
    return str(len(request.get_data()))


rsgi = served(app)  # like the course: the same front, threads and access log, on the same server
