"""Account forms: log in, sign up, change password, add a facilitator."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..models import USERNAME_MAX_LENGTH
from .service import PASSWORD_MAX_LENGTH


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=USERNAME_MAX_LENGTH * 2)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class SignupForm(FlaskForm):
    username = StringField(
        _l("Choose a username"),
        validators=[DataRequired()],
        description=_l("3 to 32 characters: letters, digits, dots, dashes or underscores. Not your child's name."),
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Choose a password"),
        validators=[DataRequired()],
        description=_l("At least 8 characters. A few unrelated words work well."),
        render_kw={"autocomplete": "new-password"},
    )
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        description=_l("At least 8 characters. Changing it signs you out on other devices."),
        render_kw={"autocomplete": "new-password"},
    )


class FacilitatorForm(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired()], render_kw={"autocomplete": "off", "autocapitalize": "none"}
    )
    password = PasswordField(
        _l("First password"),
        validators=[DataRequired()],
        description=_l("At least 8 characters. They can change it after logging in."),
        render_kw={"autocomplete": "new-password"},
    )
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice("facilitator", _l("Facilitator")), SelectChoice("admin", _l("Admin"))],
        default="facilitator",
    )
