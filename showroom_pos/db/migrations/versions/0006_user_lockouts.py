"""users: PIN lockouts escalate (5 min, 15 min, 1 h, then until an administrator unlocks)

Five wrong PINs used to lock a user for five minutes, after which five more guesses were allowed: about
1,440 guesses a day against 10,000 four-digit PINs. ``lockouts`` counts the locks since the user's last
right PIN (or an administrator's unlock), so each lock lasts longer and the fourth lasts until unlocked.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite allows its CHECK there): a batch copy of ``user`` would have to drop a
    # table every sale, shift and audit event refers to.
    op.execute('ALTER TABLE "user" ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0 '
               'CONSTRAINT ck_user_lockouts CHECK (lockouts >= 0)')


def downgrade() -> None:
    op.execute('ALTER TABLE "user" DROP COLUMN lockouts')
