// Real components for the back-office suite: a laris-server process on a fresh SQLite
// directory or PostgreSQL database, and a till driven through the laris CLI on its own
// device database. Nothing here is mocked.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const REPO = resolve(import.meta.dirname, '../..');
const TARGET = process.env.CARGO_TARGET_DIR ?? join(REPO, 'target');
export const SERVER_BIN = process.env.LARIS_SERVER_BIN ?? join(TARGET, 'debug/laris-server');
export const CLI_BIN = process.env.LARIS_CLI_BIN ?? join(TARGET, 'debug/laris');
export const SHARED = process.env.LARIS_SHARED_DATA ?? join(REPO, '../shared/data');

export type BackendName = 'sqlite' | 'postgres';

for (const [what, bin] of [
  ['laris-server', SERVER_BIN],
  ['laris', CLI_BIN],
] as const) {
  if (!existsSync(bin)) {
    throw new Error(`${what} is not built at ${bin}: run cargo test (or cargo build -p laris-server -p laris-cli) first`);
  }
}

/** The backends to run: SQLite always, PostgreSQL when a URL is given (and CI demands it). */
export function backends(): BackendName[] {
  const url = process.env.LARIS_TEST_POSTGRES_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but LARIS_TEST_POSTGRES_URL is not set: the PostgreSQL run must happen');
  }
  return url ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** `url` with its database replaced by `db`. */
function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export class Server {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly cleanup: () => void,
  ) {}

  static async start(backend: BackendName): Promise<Server> {
    const dir = mkdtempSync(join(tmpdir(), 'laris-e2e-server-'));
    const args = ['--listen', '127.0.0.1:0'];
    let cleanup = () => rmSync(dir, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, LARIS_LOG: 'warn' };
    if (backend === 'postgres') {
      const admin = process.env.LARIS_TEST_POSTGRES_URL!;
      const db = `laris_e2e_${Date.now()}_${process.pid}`;
      execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${db}`]);
      env.LARIS_DATABASE_URL = withDb(admin, db);
      const dropDir = cleanup;
      cleanup = () => {
        dropDir();
        try {
          execFileSync('psql', [admin, '-q', '-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
        } catch {
          // The run's result stands; a database left behind is named by its test.
        }
      };
    } else {
      args.push('--data-dir', dir);
    }
    const child = spawn(SERVER_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((ok, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`laris-server did not start:\n${seen}`)), 20_000);
      const read = (chunk: Buffer) => {
        seen += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          ok(m[1].replace(/\/$/, ''));
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.on('exit', (code) => fail(new Error(`laris-server exited (${code}):\n${seen}`)));
    });
    return new Server(url, child, cleanup);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((ok) => this.child.once('exit', ok));
      this.child.kill('SIGTERM');
      await exited;
    }
    this.cleanup();
  }
}

/** A real till: the laris CLI on its own device database. */
export class Till {
  readonly dir = mkdtempSync(join(tmpdir(), 'laris-e2e-till-'));
  readonly db = join(this.dir, 'device.db');

  run(...args: string[]): string {
    return execFileSync(CLI_BIN, ['--db', this.db, ...args], {
      encoding: 'utf8',
      env: { ...process.env, LARIS_LANG: 'id' },
    });
  }

  json<T>(...args: string[]): T {
    return JSON.parse(this.run('--json', ...args)) as T;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The entries of a ZIP file (an XLSX), by name, inflated: read from its central directory. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  if (eocd < 0) throw new Error('not a ZIP file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
