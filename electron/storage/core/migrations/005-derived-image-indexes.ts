/**
 * The /media route asks "is this hash a derived image of content the actor can see?" for every
 * thumbnail in a grid: each derived column needs its own index.
 */
export const version = 5;

export const sql = `
  CREATE INDEX media_info_poster_grid ON media_info(poster_grid) WHERE poster_grid IS NOT NULL;
  CREATE INDEX media_info_poster_detail ON media_info(poster_detail) WHERE poster_detail IS NOT NULL;
  CREATE INDEX media_info_filmstrip ON media_info(filmstrip) WHERE filmstrip IS NOT NULL;
  CREATE INDEX media_info_waveform ON media_info(waveform) WHERE waveform IS NOT NULL;
  `;
