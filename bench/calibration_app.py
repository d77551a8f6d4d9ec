"""The calibration route: a bare Flask app with one route, served like the course to measure the server itself."""

from flask import Flask

app = Flask(__name__)


@app.get("/ping")
def ping() -> str:
    return "ok"
