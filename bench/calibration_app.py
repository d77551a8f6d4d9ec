"""The calibration route: a bare Flask app with one route, served like the course to measure the server itself."""

from flask import Flask

from course.rsgi import served

app = Flask(__name__)


@app.get("/ping")
def ping() -> str:
    return "ok"


rsgi = served(app)  # like the course: the same front, threads and access log, on the same server
