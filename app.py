from course import create_app
from course.rsgi import served

app = create_app()  # the WSGI app: the flask CLI, the tests
rsgi = served(app)  # what `make run` serves (course/serve.py)
