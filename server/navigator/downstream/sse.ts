/** The downstream answer as an event stream (Streamable HTTP's SSE form): the one message a caller waits for. */
import type { IncomingMessage } from 'node:http';

const EVENT_END = /\r?\n\r?\n|\r\r/;

/** Reads SSE events until `find` recognizes a message (the response); other messages (notifications) are skipped. */
export function readSse<T>(
  res: IncomingMessage,
  maxBytes: number,
  find: (msg: unknown) => T | undefined,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      res.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      size += chunk.length;
      if (size > maxBytes) return finish(new Error('downstream answer too large'));
      buffer += chunk;
      let end: RegExpExecArray | null;
      // Events end with a blank line; lines end with CRLF, LF or CR (a CRLF split across chunks waits for its LF).
      while ((end = EVENT_END.exec(buffer))) {
        const event = buffer.slice(0, end.index);
        buffer = buffer.slice(end.index + end[0].length);
        const data = event
          .split(/\r\n|\r|\n/)
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(l.startsWith('data: ') ? 6 : 5))
          .join('\n');
        if (!data) continue;
        let msg: unknown;
        try {
          msg = JSON.parse(data);
        } catch {
          return finish(new Error('downstream sent malformed JSON in its event stream'));
        }
        const found = find(msg);
        if (found !== undefined) return finish(undefined, found);
      }
    });
    res.on('end', () => finish(new Error('downstream closed the event stream without an answer')));
    res.on('error', (err) => finish(err));
    res.on('aborted', () => finish(new Error('downstream answer cut off')));
  });
}
