/**
 * PGlite (PostgreSQL compiled to WebAssembly, in memory) served on a loopback port, so that the
 * project's own Python — psycopg2 for the old code, SQLAlchemy for the new — proves a PostgreSQL
 * conversion without a server. PGlite speaks the wire protocol through execProtocolRaw; this only
 * frames the bytes into whole messages and answers SSLRequest with "no". One PGlite is one
 * session: messages of every connection are run in arrival order, and a connection that ends
 * rolls back whatever it left open, as a server would. With a data directory it serves that
 * database (the directory must not be open elsewhere: PGlite holds it alone).
 */
import { createServer, type Server, type Socket } from "node:net";

export interface PgliteServer {
  url: string;
  close(): Promise<void>;
}

export async function servePglite(dataDir?: string): Promise<PgliteServer> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  let queue: Promise<unknown> = Promise.resolve();
  const run = (fn: () => Promise<void>) => (queue = queue.then(fn, fn));
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    let buf = Buffer.alloc(0);
    let started = false;
    const end = () => {
      if (!sockets.delete(sock)) return;
      run(async () => {
        await db.exec("ROLLBACK").catch(() => undefined);
      });
    };
    sock.on("close", end);
    sock.on("error", end);
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!started) {
          if (buf.length < 8 || buf.length < buf.readInt32BE(0)) return;
          const len = buf.readInt32BE(0);
          const code = buf.readInt32BE(4);
          const msg = buf.subarray(0, len);
          buf = buf.subarray(len);
          if (code === 80877103 || code === 80877104) {
            sock.write("N");
            continue;
          } // SSL / GSS encryption request
          started = true;
          run(() => forward(msg));
          continue;
        }
        if (buf.length < 5 || buf.length < buf.readInt32BE(1) + 1) return;
        const msg = buf.subarray(0, buf.readInt32BE(1) + 1);
        buf = buf.subarray(msg.length);
        if (msg[0] === 0x58) {
          sock.end();
          return;
        } // Terminate
        run(() => forward(msg));
      }
    });
    const forward = async (msg: Buffer) => {
      const out = await db.execProtocolRaw(new Uint8Array(msg));
      if (out.length && !sock.destroyed) sock.write(out);
    };
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
      await queue.catch(() => undefined);
      await db.close();
    },
  };
}
