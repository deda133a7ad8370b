"""Province programme view: outlets' stock snapshots, product photos, the programme's targets (seeded
with its published goals) and their change history.

Revision ID: p0002
Revises: p0001
Create Date: 2026-11-28 12:03:44.945103
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = 'p0002'
down_revision: str | None = 'p0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


PUBLISHED = "Mục tiêu đã công bố của chương trình OCOP tỉnh"
# (key, target, comparison, note): the programme's published goals; every other indicator starts without one.
TARGETS = [
    ("products_certified", 200, "min", PUBLISHED + ": ít nhất 200 sản phẩm đạt 3 sao trở lên"),
    ("products_stars_3", None, "min", ""),
    ("products_stars_4", None, "min", ""),
    ("products_stars_5", 10, "min", PUBLISHED + ": 10 sản phẩm 5 sao"),
    ("products_group_food", None, "min", ""),
    ("products_group_beverage", None, "min", ""),
    ("products_group_herbal", None, "min", ""),
    ("products_group_handicraft", None, "min", ""),
    ("products_group_ornamental", None, "min", ""),
    ("products_group_tourism", None, "min", ""),
    ("certificates_expiring_90d", None, "max", ""),
    ("certificates_expired", None, "max", ""),
    ("producers_total", None, "min", ""),
    ("producers_cooperative_share", 40, "min", PUBLISHED + ": ít nhất 40% chủ thể là hợp tác xã"),
    ("producers_sme_share", 30, "min", PUBLISHED + ": ít nhất 30% chủ thể là doanh nghiệp nhỏ và vừa"),
    ("producers_coop_group_share", None, "min", ""),
    ("producers_household_share", None, "min", ""),
    ("producers_selling", None, "min", ""),
    (
        "producers_selling_share",
        70,
        "min",
        PUBLISHED + ": 70% chủ thể bán qua kênh hiện đại (siêu thị, cửa hàng tiện lợi, thương mại điện tử); "
        "máy chủ này chỉ thấy phần bán qua các điểm giới thiệu và bán sản phẩm OCOP",
    ),
    ("showrooms_active", 10, "min", PUBLISHED + ": 10 điểm giới thiệu và bán sản phẩm OCOP"),
    ("showrooms_reporting", None, "min", ""),
]


def upgrade() -> None:
    op.create_table('catalogue_photo',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('product_ref', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('small', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=60), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('position BETWEEN 1 AND 5', name=op.f('ck_catalogue_photo_position')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_photo')),
    sa.UniqueConstraint('product_ref', 'position', name=op.f('uq_catalogue_photo_product_ref_position'))
    )
    op.create_table('programme_target',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('target', sa.Integer(), nullable=True),
    sa.Column('comparison', sa.String(length=3), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('updated_by', sa.String(length=60), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("comparison IN ('min', 'max')", name=op.f('ck_programme_target_comparison')),
    sa.CheckConstraint('target IS NULL OR target >= 0', name=op.f('ck_programme_target_target')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_programme_target'))
    )
    op.create_table('programme_target_change',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('old_target', sa.Integer(), nullable=True),
    sa.Column('new_target', sa.Integer(), nullable=True),
    sa.Column('old_comparison', sa.String(length=3), nullable=False),
    sa.Column('new_comparison', sa.String(length=3), nullable=False),
    sa.Column('old_deadline', sa.Date(), nullable=True),
    sa.Column('new_deadline', sa.Date(), nullable=True),
    sa.Column('changed_by', sa.String(length=60), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_target_change'))
    )
    with op.batch_alter_table('programme_target_change', schema=None) as batch_op:
        batch_op.create_index('ix_programme_target_change_key', ['key', 'changed_at'], unique=False)

    op.create_table('outlet_stock_item',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=300), nullable=False),
    sa.Column('barcode', sa.String(length=300), nullable=True),
    sa.Column('province_ref', sa.String(length=300), nullable=True),
    sa.Column('on_hand', sa.BigInteger(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=True),
    sa.Column('by_weight', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_outlet_stock_item_outlet_id_outlet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet_stock_item')),
    sa.UniqueConstraint('outlet_id', 'sku', name=op.f('uq_outlet_stock_item_outlet_id_sku'))
    )
    op.create_table('outlet_stock_snapshot',
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_outlet_stock_snapshot_outlet_id_outlet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outlet_id', name=op.f('pk_outlet_stock_snapshot'))
    )


    targets = sa.table(
        "programme_target",
        sa.column("key", sa.String),
        sa.column("target", sa.Integer),
        sa.column("comparison", sa.String),
        sa.column("deadline", sa.Date),
        sa.column("note", sa.String),
        sa.column("updated_by", sa.String),
        sa.column("updated_at", sa.DateTime),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        targets,
        [
            {"key": k, "target": t, "comparison": c, "deadline": None, "note": n, "updated_by": "", "updated_at": now}
            for k, t, c, n in TARGETS
        ],
    )


def downgrade() -> None:
    op.drop_table('outlet_stock_snapshot')
    op.drop_table('outlet_stock_item')
    with op.batch_alter_table('programme_target_change', schema=None) as batch_op:
        batch_op.drop_index('ix_programme_target_change_key')

    op.drop_table('programme_target_change')
    op.drop_table('programme_target')
    op.drop_table('catalogue_photo')
