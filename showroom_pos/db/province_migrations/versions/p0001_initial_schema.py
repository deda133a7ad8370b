"""Province initial schema: outlets, staff, sessions, summaries, delivery receipts, catalogue.

Revision ID: p0001
Revises:
Create Date: 2026-11-28 11:01:35.423995
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'p0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('catalogue_producer',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=False),
    sa.Column('tax_code', sa.String(length=20), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('enterprise', 'cooperative', 'coop_group', 'household')", name=op.f('ck_catalogue_producer_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_producer')),
    sa.UniqueConstraint('code', name=op.f('uq_catalogue_producer_code'))
    )
    with op.batch_alter_table('catalogue_producer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_producer_version'), ['version'], unique=False)

    op.create_table('catalogue_product',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ref', sa.String(length=60), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_folded', sa.String(length=200), nullable=False),
    sa.Column('barcodes', sa.String(length=400), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('ocop_group', sa.String(length=20), nullable=True),
    sa.Column('stars', sa.Integer(), nullable=True),
    sa.Column('producer_code', sa.String(length=30), nullable=True),
    sa.Column('certificate_no', sa.String(length=60), nullable=True),
    sa.Column('certificate_signed', sa.Date(), nullable=True),
    sa.Column('certificate_expires', sa.Date(), nullable=True),
    sa.Column('reference_price', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('certified', 'revoked')", name=op.f('ck_catalogue_product_status')),
    sa.CheckConstraint('stars IS NULL OR stars BETWEEN 3 AND 5', name=op.f('ck_catalogue_product_stars')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_product')),
    sa.UniqueConstraint('ref', name=op.f('uq_catalogue_product_ref'))
    )
    with op.batch_alter_table('catalogue_product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_product_version'), ['version'], unique=False)

    op.create_table('counter',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counter'))
    )
    op.create_table('outlet',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_sync_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(code) > 0', name=op.f('ck_outlet_code_not_empty')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet')),
    sa.UniqueConstraint('code', name=op.f('uq_outlet_code')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_outlet_token_hash'))
    )
    op.create_table('staff_user',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('officer', 'admin')", name=op.f('ck_staff_user_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_user_username'))
    )
    op.create_table('daily_summary',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=36), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('generated_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('receipts', sa.Integer(), nullable=False),
    sa.Column('voided', sa.Integer(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('discounts', sa.BigInteger(), nullable=False),
    sa.Column('returns', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('qty_sold', sa.BigInteger(), nullable=False),
    sa.Column('qty_returned', sa.BigInteger(), nullable=False),
    sa.Column('cash_over_short', sa.BigInteger(), nullable=False),
    sa.Column('shifts_closed', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.CheckConstraint('revision > 0', name=op.f('ck_daily_summary_revision')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_daily_summary_outlet_id_outlet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daily_summary')),
    sa.UniqueConstraint('outlet_id', 'business_day', name=op.f('uq_daily_summary_outlet_id_business_day'))
    )
    with op.batch_alter_table('daily_summary', schema=None) as batch_op:
        batch_op.create_index('ix_daily_summary_day', ['business_day'], unique=False)

    op.create_table('delivery_receipt',
    sa.Column('idempotency_key', sa.String(length=36), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('ack', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_delivery_receipt_outlet_id_outlet')),
    sa.PrimaryKeyConstraint('idempotency_key', name=op.f('pk_delivery_receipt'))
    )
    with op.batch_alter_table('delivery_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_receipt_outlet_id'), ['outlet_id'], unique=False)

    op.create_table('web_session',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_web_session_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_web_session'))
    )
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_session_user_id'), ['user_id'], unique=False)

    op.create_table('summary_payment',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('summary_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('refunds', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['summary_id'], ['daily_summary.id'], name=op.f('fk_summary_payment_summary_id_daily_summary'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_payment')),
    sa.UniqueConstraint('summary_id', 'method', name=op.f('uq_summary_payment_summary_id_method'))
    )
    with op.batch_alter_table('summary_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_payment_summary_id'), ['summary_id'], unique=False)

    op.create_table('summary_product',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('summary_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=300), nullable=False),
    sa.Column('barcode', sa.String(length=300), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('producer', sa.String(length=300), nullable=True),
    sa.Column('producer_code', sa.String(length=300), nullable=True),
    sa.Column('stars', sa.Integer(), nullable=True),
    sa.Column('ocop_group', sa.String(length=300), nullable=True),
    sa.Column('province_ref', sa.String(length=300), nullable=True),
    sa.Column('qty_sold', sa.BigInteger(), nullable=False),
    sa.Column('qty_returned', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('discounts', sa.BigInteger(), nullable=False),
    sa.Column('returns', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['summary_id'], ['daily_summary.id'], name=op.f('fk_summary_product_summary_id_daily_summary'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_product'))
    )
    with op.batch_alter_table('summary_product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_product_summary_id'), ['summary_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('summary_product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_product_summary_id'))

    op.drop_table('summary_product')
    with op.batch_alter_table('summary_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_payment_summary_id'))

    op.drop_table('summary_payment')
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_session_user_id'))

    op.drop_table('web_session')
    with op.batch_alter_table('delivery_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_receipt_outlet_id'))

    op.drop_table('delivery_receipt')
    with op.batch_alter_table('daily_summary', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_summary_day')

    op.drop_table('daily_summary')
    op.drop_table('staff_user')
    op.drop_table('outlet')
    op.drop_table('counter')
    with op.batch_alter_table('catalogue_product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_product_version'))

    op.drop_table('catalogue_product')
    with op.batch_alter_table('catalogue_producer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_producer_version'))

    op.drop_table('catalogue_producer')

