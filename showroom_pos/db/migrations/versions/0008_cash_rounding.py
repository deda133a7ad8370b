"""sale: cash rounding, its own recorded figure

When cash settles a sale, the amount due in cash is rounded half up to the ``checkout.cash_rounding`` step
(default 1.000 ₫); the difference is kept on the sale (``cash_rounding``, within ± half the largest step) so that
payments = total + cash_rounding, the lines, VAT and discounts stay exact, and a drawer counted in whole notes
closes without a phantom over/short.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite allows its CHECK there): a batch copy of ``sale`` would have to drop a table
    # that lines, payments and returns refer to.
    op.execute('ALTER TABLE sale ADD COLUMN cash_rounding INTEGER NOT NULL DEFAULT 0 '
               'CONSTRAINT ck_sale_cash_rounding CHECK (cash_rounding BETWEEN -500 AND 500)')


def downgrade() -> None:
    op.execute('ALTER TABLE sale DROP COLUMN cash_rounding')
