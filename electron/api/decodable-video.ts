/**
 * The "a render is a decodable video" check for the handlers, loaded on first use: the media layer
 * brings ffprobe handling and sharp, which a host started without media work (`mcp --no-media`)
 * need not load until a render is added.
 */
export async function requireDecodableVideo(file: string): Promise<void> {
  const media = await import('../media/decodable.js');
  await media.requireDecodableVideo(file);
}
