import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, isBridgeChannel, isBridgeEvent, type BridgeChannel, type BridgeEvent } from './channel-names.js';
import { CHANNELS, EVENT_NAMES, type Channel, type EventName } from './contract.js';

// Compile-time: the lists name exactly the contract's channels and events (a missing or extra name
// makes one of these `never`, and the assignment fails to type-check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const channelsMatch: Same<BridgeChannel, Channel> = true;
const eventsMatch: Same<BridgeEvent, EventName> = true;

describe("the preload's zod-free channel list", () => {
  it('names exactly the contract channels and events, once each', () => {
    expect(channelsMatch && eventsMatch).toBe(true);
    expect([...BRIDGE_CHANNELS].sort()).toEqual([...CHANNELS].sort());
    expect(new Set(BRIDGE_CHANNELS).size).toBe(BRIDGE_CHANNELS.length);
    expect([...BRIDGE_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('refuses names that are not channels, including Object.prototype ones', () => {
    for (const n of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'projects', 'projects.explode', 42, null, undefined]) {
      expect(isBridgeChannel(n), String(n)).toBe(false);
      expect(isBridgeEvent(n), String(n)).toBe(false);
    }
    expect(isBridgeChannel('projects.list')).toBe(true);
    expect(isBridgeEvent('jobs.progress')).toBe(true);
  });
});
