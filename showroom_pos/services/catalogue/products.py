"""Creating, editing, (de)activating and removing products, and their photos.

Every product is checked by ``product_fields.check_product``. A manager's edits go through ``create_product``
and ``update_product``, which need the ``catalogue_edit`` permission and are audited; ``add_product`` is the
same check and insert without an actor, for the demo, the simulation and test fixtures that seed a catalogue.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from showroom_pos.core.errors import ValidationError, file_problem, os_reason
from showroom_pos.core.money import PLACEHOLDER_PRICE
from showroom_pos.core.text import fold, vietnamese_sort_text
from showroom_pos.storage.models import Product, ProductBarcode

from .. import audit, permissions
from ..context import Actor
from ..field_errors import FieldError, raise_if
from .lookup import get_product
from .product_fields import ProductInput, check_product, has_history, input_of, new_product, new_product_values


def add_product(session: Session, data: ProductInput) -> Product:
    """A new product, checked like every other (``check_product``) but with no permission asked and nothing
    audited: how the demo, the simulation and test fixtures seed a catalogue, and what ``create_product``
    does once the manager's permission is settled."""
    errors, codes, expires = check_product(session, data)
    raise_if(errors)
    product = new_product(data, codes, expires)
    session.add(product)
    session.flush()
    return product


def create_product(
    session: Session, actor: Actor | None, data: ProductInput, *, approved_by: int | None = None
) -> Product:
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    product = add_product(session, data)
    audit.record_by(
        session,
        "product.created",
        actor,
        approver,
        "product",
        product.id,
        sku=product.sku,
        name=product.name,
        price=product.price,
    )
    return product


def product_input(session: Session, product_id: int) -> ProductInput:
    """A product's editable values, every code in ``barcodes`` (scale item codes included)."""
    return input_of(get_product(session, product_id))


def update_product(
    session: Session,
    actor: Actor | None,
    product_id: int,
    data: ProductInput,
    *,
    approved_by: int | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Apply new values; returns what changed (field: (old, new)), audited. Codes not listed are removed."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    changes = apply_product_update(session, product_id, data, remove_codes=True)
    if changes:
        audit.record_by(session, "product.updated", actor, approver, "product", product_id, changes=changes)
    return changes


def apply_product_update(
    session: Session,
    product_id: int,
    data: ProductInput,
    *,
    remove_codes: bool,
    checked: tuple[list[str], date | None] | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Apply ``data`` (checked here, unless ``checked`` gives the codes and expiry of a prior check;
    then nothing is flushed either: an import flushes once at its end)."""
    product = get_product(session, product_id)
    if checked is None:
        errors, codes, expires = check_product(session, data, product_id)
        raise_if(errors)
    else:
        codes, expires = checked
    # The same columns a new product gets; its folded name follows the name, its stock the ledger.
    new = {k: v for k, v in new_product_values(data, expires).items() if k not in ("name_folded", "on_hand")}
    # (``name_sort`` is not among them: a new product's comes from the model's default)
    changes: dict[str, tuple[Any, Any]] = {}
    for key, value in new.items():
        old = getattr(product, key)
        if old != value:
            changes[key] = (old, value)
            setattr(product, key, value)
    if "name" in changes:
        product.name_folded = fold(new["name"])
        product.name_sort = vietnamese_sort_text(new["name"])
    current = [b.code for b in product.barcodes]
    added = [c for c in codes if c not in current]
    removed = [c for c in current if c not in codes] if remove_codes else []
    if removed:
        product.barcodes = [b for b in product.barcodes if b.code not in removed]
        session.flush()
    for code in added:
        product.barcodes.append(ProductBarcode(code=code))
    if added or removed:
        changes["barcodes"] = (current, [b.code for b in product.barcodes])
    if changes:
        product.updated_at = datetime.now().astimezone()
    if checked is None:
        session.flush()
    return changes


def set_product_active(
    session: Session, actor: Actor | None, product_id: int, active: bool, *, approved_by: int | None = None
) -> None:
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    product = get_product(session, product_id)
    if active and product.price <= PLACEHOLDER_PRICE:
        # A product pulled from the province's catalogue without a reference price waits at 1 ₫.
        raise ValidationError("Set the price of {sku} before putting it on sale.", sku=product.sku)
    if product.active != active:
        product.active = active
        audit.record_by(
            session,
            "product.activated" if active else "product.deactivated",
            actor,
            approver,
            "product",
            product_id,
            sku=product.sku,
            on_hand=product.on_hand,
        )


def remove_product(session: Session, actor: Actor | None, product_id: int, *, approved_by: int | None = None) -> str:
    """Delete a product nobody ever sold, received or counted; otherwise deactivate it (history stays
    whole). Returns ``deleted`` or ``deactivated``."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    product = get_product(session, product_id)
    if has_history(session, product_id):
        if product.active:
            product.active = False
            audit.record_by(
                session,
                "product.deactivated",
                actor,
                approver,
                "product",
                product_id,
                sku=product.sku,
                on_hand=product.on_hand,
            )
        return "deactivated"
    audit.record_by(session, "product.deleted", actor, approver, "product", product_id, sku=product.sku,
                    name=product.name)
    session.delete(product)
    session.flush()
    return "deleted"


def set_product_photo(
    session: Session,
    actor: Actor | None,
    product_id: int,
    source: Path | None,
    photos_dir: Path,
    *,
    approved_by: int | None = None,
) -> str | None:
    """Store a copy of an image (at most 512 px, PNG) as the product's photo; None removes it."""
    approver = permissions.require_unless_cli(session, actor, "catalogue_edit", approved_by)
    product = get_product(session, product_id)
    if source is None:
        product.photo_path = None
        audit.record_by(session, "product.photo", actor, approver, "product", product_id, photo=None)
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            image.load()
            picture = image.convert("RGBA") if image.mode in ("RGBA", "LA", "P") else image.convert("RGB")
    except OSError as exc:
        if exc.errno is not None and not isinstance(exc, UnidentifiedImageError):  # missing, no permission…
            raise FieldError("Cannot read {path}: {reason}", field="photo", path=str(source),
                             reason=os_reason(exc)) from None
        raise FieldError("Photo: {path} is not an image that can be read.", field="photo", path=str(source)) from None
    except (ValueError, Image.DecompressionBombError):
        raise FieldError("Photo: {path} is not an image that can be read.", field="photo", path=str(source)) from None
    picture.thumbnail((512, 512))
    target = photos_dir / f"product-{product_id}.png"
    try:
        photos_dir.mkdir(parents=True, exist_ok=True)
        picture.save(target, "PNG")
    except OSError as exc:  # a read-only or full disk beside the database
        raise file_problem(exc, target, writing=True) from None
    product.photo_path = str(target)
    audit.record_by(session, "product.photo", actor, approver, "product", product_id, photo=str(target))
    return str(target)
