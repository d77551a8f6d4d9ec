"""live sessions: a privacy threshold chosen per session, and the furthest item reached

Revision ID: 3f1d2a9b7c41
Revises: c8e0739fae83
Create Date: 2026-12-01 09:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "3f1d2a9b7c41"
down_revision = "c8e0739fae83"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("furthest", sa.Integer(), server_default="-1", nullable=False))
        batch_op.add_column(sa.Column("tally_threshold", sa.Integer(), server_default="5", nullable=False))
    op.execute("UPDATE live_sessions SET furthest = position")


def downgrade():
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.drop_column("tally_threshold")
        batch_op.drop_column("furthest")
