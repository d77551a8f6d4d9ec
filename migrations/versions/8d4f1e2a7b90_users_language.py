"""users: the language an account chose for the course

Revision ID: 8d4f1e2a7b90
Revises: 5b7e2c9d1a30
Create Date: 2026-12-01 17:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8d4f1e2a7b90"
down_revision = "5b7e2c9d1a30"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
