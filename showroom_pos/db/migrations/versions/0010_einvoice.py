"""einvoice: e-invoices from the cash register and their delivery

One row per invoice, adjusting or replacing invoice, or cancellation notice, written in the transaction of the
sale, return or void it belongs to; the same row is the outbox of its delivery to the provider. Numbers are
gapless per form and symbol (the symbol holds the year); the tax authority's code is composed by the till from a
series and a sequence, unique together.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'einvoice',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('sale_id', sa.String(length=36), nullable=False),
        sa.Column('return_id', sa.String(length=36), nullable=True),
        sa.Column('related_id', sa.String(length=36), nullable=True),
        sa.Column('shift_id', sa.String(length=36), nullable=True),
        sa.Column('rules', sa.String(length=40), nullable=False),
        sa.Column('form', sa.String(length=2), nullable=False),
        sa.Column('symbol', sa.String(length=10), nullable=False),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=40), nullable=True),
        sa.Column('code_series', sa.String(length=30), nullable=True),
        sa.Column('code_seq', sa.Integer(), nullable=True),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('business_day', sa.Date(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('vat_total', sa.Integer(), nullable=False),
        sa.Column('buyer_name', sa.String(length=200), nullable=False),
        sa.Column('buyer_tax_code', sa.String(length=20), nullable=False),
        sa.Column('buyer_address', sa.String(length=300), nullable=False),
        sa.Column('buyer_email', sa.String(length=120), nullable=False),
        sa.Column('buyer_phone', sa.String(length=30), nullable=False),
        sa.Column('buyer_id_no', sa.String(length=20), nullable=False),
        sa.Column('cancelled', sa.Boolean(), nullable=False),
        sa.Column('xml', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('provider_ref', sa.String(length=200), nullable=False),
        sa.Column('provider_number', sa.String(length=40), nullable=False),
        sa.Column('lookup_url', sa.String(length=500), nullable=False),
        sa.Column('accepted_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('invoice', 'adjustment', 'replacement', 'cancellation')",
                           name=op.f('ck_einvoice_kind')),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'parked')", name=op.f('ck_einvoice_status')),
        sa.CheckConstraint('number IS NULL OR number > 0', name=op.f('ck_einvoice_number')),
        sa.CheckConstraint("(kind = 'cancellation') = (number IS NULL)", name=op.f('ck_einvoice_numbered')),
        sa.CheckConstraint('attempts >= 0', name=op.f('ck_einvoice_attempts')),
        sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], name=op.f('fk_einvoice_sale_id_sale')),
        sa.ForeignKeyConstraint(['return_id'], ['sale_return.id'], name=op.f('fk_einvoice_return_id_sale_return')),
        sa.ForeignKeyConstraint(['related_id'], ['einvoice.id'], name=op.f('fk_einvoice_related_id_einvoice')),
        sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_einvoice_shift_id_shift')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_einvoice')),
        sa.UniqueConstraint('form', 'symbol', 'number', name=op.f('uq_einvoice_form_symbol_number')),
        sa.UniqueConstraint('code_series', 'code_seq', name=op.f('uq_einvoice_code_series_code_seq')),
    )
    with op.batch_alter_table('einvoice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_einvoice_sale_id'), ['sale_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_einvoice_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index('ux_einvoice_sale_invoice', ['sale_id'], unique=True,
                              sqlite_where=sa.text("kind = 'invoice'"))
        batch_op.create_index('ix_einvoice_status', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_einvoice_day', ['business_day', 'status'], unique=False)
        batch_op.create_index('ix_einvoice_buyer_tax_code', ['buyer_tax_code'], unique=False)


def downgrade() -> None:
    op.drop_table('einvoice')
