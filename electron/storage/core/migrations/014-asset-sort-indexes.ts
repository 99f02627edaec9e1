/**
 * Index-backed sorts for the asset list's codec, duration and resolution columns. The codec lived only
 * in media_info's probe JSON, so sorting by it ran a json_extract subquery per asset and sorted them all
 * in a temp B-tree before the first page; duration and resolution had no index either. Now:
 * - assets.video_codec: the probe's videoCodec, lower-cased ('' when unknown), kept in step by triggers
 *   wherever media_info is written (a probe saved, re-probed, reset, collected) or an asset row is added,
 *   so no writer in storage, maintenance or a test can leave it stale;
 * - indexes on each sort's expression exactly as assets.ts orders by it (with seq, the keyset's tie-break),
 *   so a page is read in order from the index and stops after the page.
 */
export const version = 14;

const probedCodec = (sha: string) => `COALESCE((SELECT lower(json_extract(m.probe, '$.videoCodec')) FROM media_info m WHERE m.sha256 = ${sha}), '')`;

export const sql = `
  ALTER TABLE assets ADD COLUMN video_codec TEXT NOT NULL DEFAULT '';
  UPDATE assets SET video_codec = ${probedCodec('assets.sha256')};
  CREATE INDEX assets_codec ON assets(video_codec, seq);
  CREATE INDEX assets_duration ON assets(COALESCE(duration, -1), seq);
  CREATE INDEX assets_resolution ON assets(COALESCE(width * height, -1), seq);

  CREATE TRIGGER media_info_codec_insert AFTER INSERT ON media_info BEGIN
    UPDATE assets SET video_codec = COALESCE(lower(json_extract(NEW.probe, '$.videoCodec')), '') WHERE sha256 = NEW.sha256;
  END;
  CREATE TRIGGER media_info_codec_update AFTER UPDATE OF probe, sha256 ON media_info BEGIN
    UPDATE assets SET video_codec = '' WHERE sha256 = OLD.sha256 AND OLD.sha256 <> NEW.sha256;
    UPDATE assets SET video_codec = COALESCE(lower(json_extract(NEW.probe, '$.videoCodec')), '') WHERE sha256 = NEW.sha256;
  END;
  CREATE TRIGGER media_info_codec_delete AFTER DELETE ON media_info BEGIN
    UPDATE assets SET video_codec = '' WHERE sha256 = OLD.sha256;
  END;
  CREATE TRIGGER assets_codec_insert AFTER INSERT ON assets BEGIN
    UPDATE assets SET video_codec = ${probedCodec('NEW.sha256')} WHERE seq = NEW.seq;
  END;
  CREATE TRIGGER assets_codec_sha AFTER UPDATE OF sha256 ON assets BEGIN
    UPDATE assets SET video_codec = ${probedCodec('NEW.sha256')} WHERE seq = NEW.seq;
  END;
  `;
