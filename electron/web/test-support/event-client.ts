import http from 'node:http';
import type { TestHost } from './web-fixture.js';

export interface ReceivedEvent {
  event: string;
  data: unknown;
}

/** A minimal server-sent-events client over raw HTTP, so tests see exactly what a browser would. */
export async function openEvents(t: TestHost): Promise<{ events: ReceivedEvent[]; waitFor(pred: (e: ReceivedEvent) => boolean, ms?: number): Promise<ReceivedEvent>; close(): void }> {
  const events: ReceivedEvent[] = [];
  const waiters: { pred: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void }[] = [];
  const req = http.request({ host: '127.0.0.1', port: t.host.port, path: '/api/events', headers: { Authorization: `Bearer ${t.host.token}`, Host: `127.0.0.1:${t.host.port}` } });
  await new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: HTTP ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!name || data === undefined) continue;
          const e = { event: name, data: JSON.parse(data) as unknown };
          events.push(e);
          for (const w of [...waiters]) if (w.pred(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
        }
      });
      resolve();
    });
    req.on('error', reject);
    req.end();
  });
  return {
    events,
    waitFor(pred, ms = 5000) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.event))}`)), ms).unref();
      });
    },
    close: () => req.destroy(),
  };
}
