"""Forms every feature uses (Flask-WTF: each one carries a CSRF token)."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for one-click actions such as log out."""
