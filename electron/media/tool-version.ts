/**
 * What `ffmpeg -version` / `ffprobe -version` says about a build, and whether it is current
 * enough to decode media from outside (imports are untrusted input: FFmpeg's demuxers and decoders
 * get several security fixes a year, and a build from years ago has none of them).
 */

export interface ToolVersion {
  /** The program that answered ('ffmpeg', 'ffprobe'): a binary named ffmpeg that is something else is refused. */
  program: string;
  /** As printed: '5.1.9-0+deb12u1', '7.1-full_build-www.gyan.dev', 'N-47683-g0e8eb07980-static'. */
  version: string;
  /** The release's numbers when the version starts with them (git snapshots 'N-…' have none). */
  release: number[] | null;
  /**
   * The last year of the copyright line, which FFmpeg's configure sets from the source it builds
   * (CONFIG_THIS_YEAR) and point releases move forward: the source's year, not the compile date.
   */
  buildYear: number | null;
}

/**
 * The first line of every FFmpeg tool's -version output, e.g.
 * `ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers`. Some builds put
 * a URL between the version and the copyright; some print no copyright at all.
 */
const BANNER = /^(ffmpeg|ffprobe) version (\S+)(?:.*?Copyright \(c\) (?:\d{4}-)?(\d{4}))?/m;

export function parseToolVersion(output: string): ToolVersion | null {
  const m = BANNER.exec(output);
  if (!m) return null;
  const [, program, version, year] = m as unknown as [string, string, string, string | undefined];
  const numbers = /^n?(\d+(?:\.\d+)*)/.exec(version);
  return {
    program,
    version,
    release: numbers ? (numbers[1] as string).split('.').map(Number) : null,
    buildYear: year ? Number(year) : null,
  };
}

/**
 * A build whose source is more than this many years older than today is refused for untrusted
 * input. Maintained distributions (Debian stable, Homebrew, the static builds) move it forward with
 * each point release; a copy two years behind has not been updated by anyone.
 */
export const MAX_BUILD_AGE_YEARS = 2;

/** Why a build must not decode untrusted media, or null when it is current. */
export function staleReason(v: ToolVersion | null, now: Date = new Date()): string | null {
  if (!v) return 'does not print an FFmpeg version banner';
  if (v.buildYear === null) return `version ${v.version} does not say which year it is from`;
  const age = now.getUTCFullYear() - v.buildYear;
  if (age > MAX_BUILD_AGE_YEARS) return `version ${v.version} is from ${v.buildYear}, ${age} years old, without the security fixes since`;
  return null;
}
