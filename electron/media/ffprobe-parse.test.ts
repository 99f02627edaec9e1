import { describe, expect, it } from 'vitest';
import { demuxerFor } from './ff-command.js';
import { parseFfprobe, parseRate, streamRotation } from './ffprobe-parse.js';

const video = (extra: object = {}) => ({ codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001', pix_fmt: 'yuv420p', ...extra });

describe('ffprobe parsing', () => {
  it('reads frame rates', () => {
    expect(parseRate('25/1')).toBe(25);
    expect(parseRate('30000/1001')).toBe(29.97);
    expect(parseRate('0/0')).toBeNull();
    expect(parseRate(undefined)).toBeNull();
  });

  it('turns tags and display matrices into clockwise quarter turns', () => {
    // An iPhone portrait clip: legacy tag 90, matrix -90 (counter-clockwise convention).
    expect(streamRotation({ tags: { rotate: '90' }, side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })).toBe(90);
    expect(streamRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })).toBe(90);
    expect(streamRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] })).toBe(270);
    expect(streamRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 180 }] })).toBe(180);
    expect(streamRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -180 }] })).toBe(180);
    expect(streamRotation({ tags: { rotate: '270' } })).toBe(270);
    expect(streamRotation({})).toBe(0);
  });

  it('swaps width and height for quarter turns only', () => {
    const turned = parseFfprobe({ streams: [video({ side_data_list: [{ rotation: -90 }] })], format: { format_name: 'mov,mp4', duration: '3.5' } });
    expect(turned).toMatchObject({ kind: 'video', width: 1080, height: 1920, rotation: 90, fps: 29.97, durationSeconds: 3.5 });
    const flipped = parseFfprobe({ streams: [video({ side_data_list: [{ rotation: 180 }] })], format: { format_name: 'mov,mp4' } });
    expect(flipped).toMatchObject({ width: 1920, height: 1080, rotation: 180 });
  });

  it('treats cover art as audio, pipes as images, and refuses playlists and text', () => {
    const mp3 = parseFfprobe({ streams: [{ codec_type: 'audio', codec_name: 'mp3', channels: 2, sample_rate: '44100' }, video({ codec_name: 'mjpeg', disposition: { attached_pic: 1 } })], format: { format_name: 'mp3' } });
    expect(mp3).toMatchObject({ kind: 'audio', videoCodec: null, audioCodec: 'mp3', audioChannels: 2, sampleRate: 44100, width: null, fps: null });
    expect(parseFfprobe({ streams: [video({ codec_name: 'png' })], format: { format_name: 'png_pipe' } }).kind).toBe('image');
    expect(() => parseFfprobe({ streams: [video()], format: { format_name: 'hls' } })).toThrow(expect.objectContaining({ reason: 'unsupported container' }));
    expect(() => parseFfprobe({ streams: [video()], format: { format_name: 'tty' } })).toThrow(expect.objectContaining({ reason: 'not a media file' }));
    expect(() => parseFfprobe({ streams: [{ codec_type: 'data' }], format: { format_name: 'mpegts' } })).toThrow(expect.objectContaining({ reason: 'no audio or video stream' }));
  });

  it('pins the first demuxer alias', () => {
    expect(demuxerFor('mov,mp4,m4a,3gp,3g2,mj2')).toBe('mov');
    expect(demuxerFor('matroska,webm')).toBe('matroska');
    expect(demuxerFor(null)).toBeUndefined();
  });
});
