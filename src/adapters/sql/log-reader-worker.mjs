// The SQLite log reader thread (plain JavaScript: nothing to transpile, so it starts at once). It reads
// pages of the events table on its own read-only connection and sends each page as one JSON text: an
// array of rows, each row the columns in EVENT_ROW order with the stored payload text spliced in as is
// (it is JSON already), so the main thread turns a page into objects with one JSON.parse.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(workerData.path, { readonly: true, fileMustExist: true });
const page = db
  .prepare(
    'SELECT seq, message_id, kind, type, name, user_id, anonymous_id, ts, received_at, store_id, source, payload ' +
      'FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  )
  .raw();
const text = (v) => (v === null ? 'null' : JSON.stringify(v));

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const rows = page.all(msg.after, msg.limit);
    const parts = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      parts[i] =
        `[${r[0]},${text(r[1])},${text(r[2])},${text(r[3])},${text(r[4])},${text(r[5])},${text(r[6])},` +
        `${r[7]},${r[8]},${text(r[9])},${text(r[10])},${r[11]}]`;
    }
    parentPort.postMessage({ id: msg.id, text: `[${parts.join(',')}]` });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: String(e?.message ?? e) });
  }
});
