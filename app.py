from course import create_app
from course.config import SettingsError
from course.rsgi import served

try:
    app = create_app()  # the WSGI app: the flask CLI, the tests
except SettingsError as problems:
    raise SystemExit(str(problems)) from None  # every problem at once, without a traceback
rsgi = served(app)  # what `make run` serves (course/serve.py)
