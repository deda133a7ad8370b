"""``showroom-pos check``: the database's invariants, each as one query that lists what breaks it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from showroom_pos.core.errors import N_


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule's English name, marked for translation: the command shows it in the person's language
    detail: str


BEHIND_HIGH_WATER = N_("the database is not behind this till's high-water mark")


# Each query returns rows that violate its rule (empty = fine).
RULES: dict[str, str] = {
    N_("on-hand equals the stock ledger"): """
        SELECT p.sku, p.on_hand, COALESCE(SUM(m.qty), 0) AS ledger
        FROM product p LEFT JOIN stock_movement m ON m.product_id = p.id
        GROUP BY p.id HAVING p.on_hand <> COALESCE(SUM(m.qty), 0)""",
    N_("sale totals equal their lines"): """
        SELECT s.receipt_no, s.total, COALESCE(SUM(l.amount), 0)
        FROM sale s LEFT JOIN sale_line l ON l.sale_id = s.id
        GROUP BY s.id
        HAVING s.total <> COALESCE(SUM(l.amount), 0) OR s.subtotal <> COALESCE(SUM(l.gross), 0)
            OR s.vat_total <> COALESCE(SUM(l.vat_amount), 0) OR COUNT(l.id) = 0""",
    N_("sale totals equal their payments"): """
        SELECT s.receipt_no, s.total, COALESCE(SUM(p.amount), 0)
        FROM sale s LEFT JOIN payment p ON p.sale_id = s.id
        GROUP BY s.id HAVING s.total + s.cash_rounding <> COALESCE(SUM(p.amount), 0)
            OR s.cash_rounding NOT BETWEEN -500 AND 500
            OR (s.cash_rounding <> 0 AND NOT EXISTS (SELECT 1 FROM payment c WHERE c.sale_id = s.id
                                                     AND c.method = 'cash'))
            OR s.change_due <> COALESCE(SUM(p.tendered - p.amount), 0)""",
    N_("every sale line has its stock movement"): """
        SELECT s.receipt_no, l.product_id, l.qty, COALESCE(m.qty, 0)
        FROM (SELECT sale_id, product_id, SUM(qty) AS qty FROM sale_line GROUP BY sale_id, product_id) l
        JOIN sale s ON s.id = l.sale_id
        LEFT JOIN (SELECT ref_id, product_id, -SUM(qty) AS qty FROM stock_movement WHERE kind = 'sale'
                   GROUP BY ref_id, product_id) m ON m.ref_id = l.sale_id AND m.product_id = l.product_id
        WHERE l.qty <> COALESCE(m.qty, 0)""",
    N_("receipt numbers are gapless per till and day"): """
        SELECT t.code, s.business_day, COUNT(*), MAX(s.receipt_seq)
        FROM sale s JOIN terminal t ON t.id = s.terminal_id
        GROUP BY s.terminal_id, s.business_day HAVING COUNT(*) <> MAX(s.receipt_seq)""",
    N_("every day with sales is in the outbox"): """
        SELECT DISTINCT s.business_day FROM sale s
        WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.business_day = s.business_day)""",
    N_("at most one open shift per till"): """
        SELECT t.code, COUNT(*) FROM shift sh JOIN terminal t ON t.id = sh.terminal_id
        WHERE sh.closed_at IS NULL GROUP BY sh.terminal_id HAVING COUNT(*) > 1""",
    N_("every shift is opened before it is closed"): """
        SELECT sh.id, sh.opened_at, sh.closed_at FROM shift sh
        WHERE sh.closed_at IS NOT NULL AND sh.closed_at < sh.opened_at""",
    N_("shifts of one till do not overlap"): """
        SELECT a.id, b.id FROM shift a JOIN shift b ON b.terminal_id = a.terminal_id AND b.id > a.id
        WHERE a.opened_at < COALESCE(b.closed_at, '9999-12-31 23:59:59')
          AND b.opened_at < COALESCE(a.closed_at, '9999-12-31 23:59:59')""",
    N_("every sale lies inside its shift, on its till"): """
        SELECT s.receipt_no, s.created_at, sh.opened_at, sh.closed_at
        FROM sale s JOIN shift sh ON sh.id = s.shift_id
        WHERE s.terminal_id <> sh.terminal_id OR s.created_at < sh.opened_at
           OR (sh.closed_at IS NOT NULL AND s.created_at > sh.closed_at)""",
    N_("return refunds equal their lines"): """
        SELECT r.return_no, r.refund_total, COALESCE(SUM(l.amount), 0), r.cash_rounding
        FROM sale_return r LEFT JOIN return_line l ON l.return_id = r.id
        GROUP BY r.id
        HAVING r.refund_total <> COALESCE(SUM(l.amount), 0) OR r.vat_total <> COALESCE(SUM(l.vat_amount), 0)
            OR COUNT(l.id) = 0 OR r.cash_rounding NOT BETWEEN -500 AND 500
            OR (r.cash_rounding <> 0 AND (r.refund_method <> 'cash' OR (r.refund_total + r.cash_rounding) % 100 <> 0))
            OR r.refund_total + r.cash_rounding < 0""",
    N_("a closed shift's expected cash is its cash taken, handed back and moved"): """
        SELECT sh.id, sh.expected_cash,
               sh.opening_float
               + COALESCE((SELECT SUM(p.amount) FROM payment p JOIN sale s ON s.id = p.sale_id
                           WHERE s.shift_id = sh.id AND s.status = 'completed' AND p.method = 'cash'), 0)
               - COALESCE((SELECT SUM(r.refund_total + r.cash_rounding) FROM sale_return r
                           WHERE r.shift_id = sh.id AND r.refund_method = 'cash'), 0)
               + COALESCE((SELECT SUM(m.amount) FROM cash_movement m WHERE m.shift_id = sh.id), 0) AS cash
        FROM shift sh WHERE sh.closed_at IS NOT NULL AND sh.expected_cash IS NOT NULL AND sh.expected_cash <> cash""",
    N_("returns never exceed what was sold"): """
        SELECT l.id, l.qty, SUM(r.qty) FROM return_line r JOIN sale_line l ON l.id = r.sale_line_id
        GROUP BY l.id HAVING SUM(r.qty) > l.qty""",
    # E-invoices (services/einvoice): numbered in the sale's transaction, so gapless, and equal to their sale.
    N_("e-invoice numbers are gapless per form and symbol"): """
        SELECT form || symbol, COUNT(*), MIN(number), MAX(number) FROM einvoice WHERE number IS NOT NULL
        GROUP BY form, symbol HAVING COUNT(*) <> MAX(number) OR MIN(number) <> 1""",
    N_("an e-invoice equals its sale"): """
        SELECT s.receipt_no, s.total, e.total, e.vat_total FROM einvoice e JOIN sale s ON s.id = e.sale_id
        WHERE e.kind = 'invoice' AND (e.total <> s.total OR e.vat_total <> s.vat_total)""",
}


def integrity(session: Session) -> list[Finding]:
    rows = session.execute(text("PRAGMA integrity_check")).all()
    bad = [str(r[0]) for r in rows if r[0] != "ok"]
    fk = session.execute(text("PRAGMA foreign_key_check")).all()
    return [Finding(N_("SQLite integrity check"), d) for d in bad] + [
        Finding(N_("foreign keys"), f"{r[0]} row {r[1]} → {r[2]}") for r in fk
    ]


def check_database(session: Session) -> list[Finding]:
    findings = integrity(session)
    for rule, query in RULES.items():
        for row in session.execute(text(query)).all()[:20]:
            findings.append(Finding(rule, ", ".join(str(v) for v in row)))
    return findings
