"""Account forms: log in, sign up, change password, add a facilitator."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length

from ..models import USERNAME_MAX_LENGTH
from .service import PASSWORD_MAX_LENGTH


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired(), Length(max=USERNAME_MAX_LENGTH * 2)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class SignupForm(FlaskForm):
    username = StringField(
        "Choose a username",
        validators=[DataRequired()],
        description="3 to 32 characters: letters, digits, dots, dashes or underscores. Not your child's name.",
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Choose a password",
        validators=[DataRequired()],
        description="At least 8 characters. A few unrelated words work well.",
        render_kw={"autocomplete": "new-password"},
    )
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired()],
        description="At least 8 characters. Changing it signs you out on other devices.",
        render_kw={"autocomplete": "new-password"},
    )


class FacilitatorForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired()], render_kw={"autocomplete": "off", "autocapitalize": "none"}
    )
    password = PasswordField(
        "First password",
        validators=[DataRequired()],
        description="At least 8 characters. They can change it after logging in.",
        render_kw={"autocomplete": "new-password"},
    )
    role = RadioField("Role", choices=["facilitator", "admin"], default="facilitator")
