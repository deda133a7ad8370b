"""sale_return: cash rounding of a cash refund, its own recorded figure

A refund paid back in cash is rounded half up to the ``checkout.cash_rounding`` step, as a sale's cash is
(0008): the difference (cash handed back − the exact refund, within ± half the largest step) is kept on the
return (``cash_rounding``), so that the return lines and their VAT stay exact and a drawer counted in whole notes
closes without a phantom over/short. Card, transfer and e-wallet refunds are exact (0).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 18:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN with its CHECK, as 0008 did for ``sale``: a batch copy of ``sale_return`` would have to
    # drop a table that return lines refer to.
    op.execute('ALTER TABLE sale_return ADD COLUMN cash_rounding INTEGER NOT NULL DEFAULT 0 '
               'CONSTRAINT ck_sale_return_cash_rounding CHECK (cash_rounding BETWEEN -500 AND 500)')


def downgrade() -> None:
    op.execute('ALTER TABLE sale_return DROP COLUMN cash_rounding')
