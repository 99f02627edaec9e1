/**
 * Pages of assets, newest first, without sorting. Assets normally arrive in time order (seq is
 * given at insert, created_at is the insert time), and while they do, "newest first" is "highest
 * seq first" — an order the full-text index, the tag index and the project links already keep, so
 * a first page reads about a page of rows however large the library. The flag says whether that
 * still holds; any insert out of order (a clock set back) or change of created_at clears it for good
 * and searches fall back to the general plan. Each check is two key lookups.
 */
export const version = 6;

export const sql = `
  INSERT INTO meta (key, value) VALUES ('assets_in_time_order', (
    SELECT CASE WHEN EXISTS (
      SELECT 1 FROM (SELECT created_at, max(created_at) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM assets)
       WHERE created_at < before
    ) THEN '0' ELSE '1' END));
  CREATE TRIGGER assets_time_order_insert AFTER INSERT ON assets
    WHEN NEW.seq < (SELECT max(seq) FROM assets)
      OR NEW.created_at < (SELECT created_at FROM assets WHERE seq < NEW.seq ORDER BY seq DESC LIMIT 1)
  BEGIN
    UPDATE meta SET value = '0' WHERE key = 'assets_in_time_order' AND value <> '0';
  END;
  CREATE TRIGGER assets_time_order_update AFTER UPDATE OF seq, created_at ON assets
    WHEN NEW.seq IS NOT OLD.seq OR NEW.created_at IS NOT OLD.created_at
  BEGIN
    UPDATE meta SET value = '0' WHERE key = 'assets_in_time_order' AND value <> '0';
  END;
  `;
