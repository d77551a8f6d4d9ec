"""self checks: the one change a parent commits to after the course

Revision ID: 5b7e2c9d1a30
Revises: 3f1d2a9b7c41
Create Date: 2026-12-01 14:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5b7e2c9d1a30"
down_revision = "3f1d2a9b7c41"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("self_checks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commitment", sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table("self_checks", schema=None) as batch_op:
        batch_op.drop_column("commitment")
