import { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../shared/contract.js';
import { readContractDocs } from './contract-docs.js';

/** One MCP tool per eligible contract channel. */
export interface ToolEntry {
  name: string;
  channel: Channel;
  description: string;
  inputSchema: { type: 'object'; [k: string]: unknown };
}

export interface ToolOptions {
  /** Include the channels that take a path on this machine (import by path, export, adopt, backup). */
  allowPaths: boolean;
}

/** The contract's own marker for what only the desktop app can do. */
const DESKTOP_ONLY = /^Desktop only\b/;

/**
 * MCP tool names may not contain dots in every client (several allow only [A-Za-z0-9_-]):
 * 'projects.create' becomes 'projects_create'. Channel names are domain.verb in camelCase, so the
 * mapping is one to one.
 */
export function toolName(channel: Channel): string {
  return channel.replace('.', '_');
}

/**
 * Which channels an agent gets. The host-only ones are left out: native dialogs and the file manager
 * (desktop.*) need a person at the screen. The other "Desktop only" channels take a path on this
 * machine — they read or write files outside the library — so they are offered only when the server
 * was started with --allow-paths; otherwise an agent moves files through the workspace channels.
 */
export function eligibleChannels(docs: Map<string, string>, opts: ToolOptions): Channel[] {
  return CHANNELS.filter((c) => {
    if (c.startsWith('desktop.')) return false;
    return opts.allowPaths || !DESKTOP_ONLY.test(docs.get(c) ?? '');
  });
}

/**
 * The tools, built from the contract at start: names from the channel, descriptions from its JSDoc,
 * input schemas from the same zod schemas the dispatch gate validates with (zod 4's JSON Schema, the
 * input side: what a caller may send). Refinements JSON Schema cannot say (no NUL in a path) are
 * still enforced by the gate.
 */
export function buildTools(opts: ToolOptions, docs: Map<string, string> = readContractDocs()): ToolEntry[] {
  return eligibleChannels(docs, opts).map((channel) => {
    const schema = z.toJSONSchema(contract[channel].input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete schema.$schema;
    // "Desktop only: …" is true of the app's UI; for an agent these take paths on this machine.
    const description = (docs.get(channel) ?? channel).replace(/^Desktop only:\s*/, 'Takes paths on this machine: ');
    return { name: toolName(channel), channel, description, inputSchema: { ...schema, type: 'object' } };
  });
}
