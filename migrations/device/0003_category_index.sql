-- Laris device database, schema 3: category browse without scanning every product.
-- Never edit once shipped: add 0004_*.sql instead.

-- `browse_category` reads `WHERE category_id = ? AND active AND NOT deleted ORDER BY
-- sold_count DESC, name`. The index holds only the category: checkout bumps `sold_count` on
-- every sale line, and an index holding it would be rewritten by each sale (more WAL pages per
-- commit). The matching rows are few (one category), so sorting them costs little. The
-- writer (DeviceStore) ranks in memory; readers (DeviceReader, reports) use this index.
CREATE INDEX products_by_category ON products(category_id);
