import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventHub } from '../api/events.js';
import { BASE_HEADERS } from './http-util.js';

const HEARTBEAT_MS = 20_000;

/**
 * GET /api/events: push events as server-sent events (event: <name>, data: <json>). A comment line
 * every 20 s keeps idle proxies and the browser from dropping the stream.
 */
export function openEventStream(req: IncomingMessage, res: ServerResponse, hub: EventHub): void {
  res.writeHead(200, {
    ...BASE_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write('retry: 2000\n: connected\n\n');
  const off = hub.on((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  beat.unref();
  const close = () => {
    clearInterval(beat);
    off();
  };
  req.on('close', close);
  res.on('close', close);
}
