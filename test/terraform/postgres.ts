// A throwaway PostgreSQL server for the pg state-backend tests: initdb in a temporary directory,
// listening on 127.0.0.1 only, run as the `postgres` user when the tests run as root.
import { execa, execaSync } from "execa";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const isRoot = process.getuid?.() === 0;

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  for (const tool of ["initdb", "pg_ctl", "psql"]) {
    if (execaSync("sh", ["-c", `command -v ${tool}`], { reject: false }).exitCode !== 0) {
      return `${tool} is not on the PATH (install the PostgreSQL server, e.g. Debian's postgresql-15)`;
    }
  }
  if (isRoot && execaSync("id", ["-u", "postgres"], { reject: false }).exitCode !== 0) {
    return "running as root and there is no `postgres` user to run the server as (useradd --system postgres)";
  }
  return undefined;
}

export interface Postgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable, no password (trust on loopback). */
  readonly connStr: string;
  readonly port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function asServerUser(command: string, args: string[]) {
  return isRoot ? execa("runuser", ["-u", "postgres", "--", command, ...args]) : execa(command, args);
}

export async function startPostgres(): Promise<Postgres> {
  const dir = await mkdtemp(join(tmpdir(), "irvn-pg-"));
  if (isRoot) {
    const id = (flag: string) => Number(execaSync("id", [flag, "postgres"]).stdout);
    await chown(dir, id("-u"), id("-g"));
  }
  const data = join(dir, "data");
  const initdb = execaSync("sh", ["-c", "command -v initdb"]).stdout;
  const pgCtl = execaSync("sh", ["-c", "command -v pg_ctl"]).stdout;
  await asServerUser(initdb, ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  await asServerUser(pgCtl, ["-D", data, "-l", join(dir, "server.log"), "-o", options, "-w", "start"]);
  return {
    connStr: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await asServerUser(pgCtl, ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one SQL statement with psql and returns its unaligned, tuples-only output. */
export async function sql(pg: Postgres, statement: string): Promise<string> {
  const r = await execa("psql", ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", statement, pg.connStr]);
  return r.stdout.trim();
}
