/** The one sniffer: content wins over the name, and every HEIF brand either old sniffer knew is a still. */
import { describe, expect, it } from 'vitest';
import { mimeFor, mimeForExtension, sniffBytes } from './sniff.js';

const ftyp = (brand: string): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`, 'latin1'), Buffer.alloc(16)]);

describe('sniffBytes', () => {
  it.each(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'])('ftyp %s is image/heic', (brand) => {
    expect(sniffBytes(ftyp(brand))).toBe('image/heic');
  });
  it.each(['avif', 'avis'])('ftyp %s is image/avif', (brand) => {
    expect(sniffBytes(ftyp(brand))).toBe('image/avif');
  });
  it('other ftyp brands stay video', () => {
    expect(sniffBytes(ftyp('isom'))).toBe('video/mp4');
    expect(sniffBytes(ftyp('qt  '))).toBe('video/quicktime');
    expect(sniffBytes(ftyp('M4A '))).toBe('audio/mp4');
  });
  it('SVG with a BOM, a declaration, a comment or a doctype before the root', () => {
    expect(sniffBytes(Buffer.from('\uFEFF<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
    expect(sniffBytes(Buffer.from('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg>'))).toBe('image/svg+xml');
    expect(sniffBytes(Buffer.from('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg>'))).toBe('image/svg+xml');
    expect(sniffBytes(Buffer.from('<?xml version="1.0"?><html/>'))).toBeNull();
    expect(sniffBytes(Buffer.from('<svgx>'))).toBeNull();
  });
  it('a PNG named .mp4 is a PNG', () => {
    expect(mimeFor(Buffer.from('89504e470d0a1a0a0000', 'hex'), 'clip.mp4')).toBe('image/png');
  });
});

describe('mimeForExtension', () => {
  it('is the table imports fall back to, any case, own keys only', () => {
    expect(mimeForExtension('PNG')).toBe('image/png');
    expect(mimeForExtension('vtt')).toBe('text/vtt');
    expect(mimeForExtension('constructor')).toBeNull();
    expect(mimeFor(Buffer.alloc(0), 'notes.toString')).toBe('application/octet-stream');
  });
});
