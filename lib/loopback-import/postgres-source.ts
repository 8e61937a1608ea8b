import postgres from 'postgres';
import { SourceError, USER_PROPERTIES, type Source, type SourceOptions, type SourceToken, type SourceUser } from './source';

/** loopback-connector-postgresql's default table and column names: the model's name, lower-cased. */
const USER_COLUMNS = { required: ['id', 'email', 'password'], optional: ['username', 'realm', 'emailverified', 'verificationtoken'] };
const TOKEN_COLUMNS = { required: ['id', 'ttl', 'created', 'userid'], optional: ['scopes'] };
const KNOWN_USER_COLUMNS = new Set<string>(USER_PROPERTIES.map((p) => p.toLowerCase()));

/** The URL without its password, for messages and the report. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL URL';
  }
}

/**
 * A database written by LoopBack 3 through loopback-connector-postgresql. Everything is read in one
 * read-only, repeatable-read transaction, so users and tokens are one consistent snapshot even
 * while the LoopBack app keeps running.
 */
export async function openPostgres(url: string, options: SourceOptions): Promise<Source> {
  const shown = redactUrl(url);
  const sql = postgres(url, { max: 1, connect_timeout: 10, idle_timeout: 0, onnotice: () => {} });
  const fail = async (message: string): Promise<never> => {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new SourceError(message);
  };
  let conn: postgres.ReservedSql;
  try {
    conn = await sql.reserve();
    await conn`begin isolation level repeatable read read only`;
  } catch (error) {
    return fail(`cannot connect to ${shown}: ${(error as Error).message}`);
  }
  const userTable = options.userModel.toLowerCase();
  const tokenTable = options.tokenModel.toLowerCase();

  async function columns(table: string, wanted: { required: string[]; optional: string[] }): Promise<Map<string, string>> {
    const rows = await conn<{ column_name: string; data_type: string }[]>`
      select column_name, data_type from information_schema.columns where table_schema = ${options.schema} and table_name = ${table}`;
    const found = new Map(rows.map((r) => [r.column_name, r.data_type]));
    if (found.size === 0) {
      await fail(`${shown} has no table ${options.schema}."${table}" (name the model with --user-model / --token-model, the schema with --schema)`);
    }
    const missing = wanted.required.filter((c) => !found.has(c));
    if (missing.length > 0) {
      await fail(
        `table ${options.schema}."${table}" is not a LoopBack ${table === userTable ? 'User' : 'AccessToken'} table: no column ${missing.join(', ')}`,
      );
    }
    return found;
  }
  const userColumns = await columns(userTable, USER_COLUMNS);
  const tokenColumns = await columns(tokenTable, TOKEN_COLUMNS);
  const checkType = async (table: string, column: string, types: string[], found: Map<string, string>) => {
    const type = found.get(column);
    if (type !== undefined && !types.includes(type))
      await fail(`column ${options.schema}."${table}".${column} has type ${type}, expected ${types.join(' or ')}`);
  };
  await checkType(userTable, 'id', ['integer', 'bigint', 'smallint', 'text', 'character varying'], userColumns);
  await checkType(userTable, 'password', ['text', 'character varying'], userColumns);
  await checkType(userTable, 'email', ['text', 'character varying'], userColumns);
  await checkType(tokenTable, 'ttl', ['integer', 'bigint', 'smallint', 'numeric', 'double precision'], tokenColumns);
  await checkType(tokenTable, 'created', ['timestamp with time zone', 'timestamp without time zone'], tokenColumns);

  const userRef = `${quote(options.schema)}.${quote(userTable)}`;
  const tokenRef = `${quote(options.schema)}.${quote(tokenTable)}`;
  const pick = (row: Record<string, unknown>, column: string) => (userColumns.has(column) ? row[column] : undefined);

  return {
    description: `PostgreSQL ${shown}, tables ${options.schema}."${userTable}" and ${options.schema}."${tokenTable}"`,
    async countUsers() {
      const [row] = await conn.unsafe(`select count(*)::int as n from ${userRef}`);
      return (row?.n as number) ?? 0;
    },
    async countTokens() {
      const [row] = await conn.unsafe(`select count(*)::int as n from ${tokenRef}`);
      return (row?.n as number) ?? 0;
    },
    async *users(size) {
      let last: unknown = null;
      for (;;) {
        const rows: Record<string, unknown>[] =
          last === null
            ? await conn.unsafe(`select * from ${userRef} order by id limit $1`, [size])
            : await conn.unsafe(`select * from ${userRef} where id > $1 order by id limit $2`, [last as string, size]);
        if (rows.length === 0) return;
        last = rows[rows.length - 1]!.id;
        yield rows.map((row): SourceUser => ({
          id: row.id,
          email: row.email,
          username: pick(row, 'username'),
          realm: pick(row, 'realm'),
          password: row.password,
          emailVerified: pick(row, 'emailverified'),
          verificationToken: pick(row, 'verificationtoken'),
          extra: Object.keys(row).filter((key) => !KNOWN_USER_COLUMNS.has(key) && row[key] !== null),
        }));
        if (rows.length < size) return;
      }
    },
    async *tokens(size) {
      const select = `select id, ttl, created, userid, ${tokenColumns.has('scopes') ? 'scopes::text' : 'null::text as scopes'} from ${tokenRef}`;
      let last: string | null = null;
      for (;;) {
        const rows = (last === null
          ? await conn.unsafe(`${select} order by id limit $1`, [size])
          : await conn.unsafe(`${select} where id > $1 order by id limit $2`, [last, size])) as unknown as {
          id: string;
          ttl: unknown;
          created: unknown;
          userid: unknown;
          scopes: unknown;
        }[];
        if (rows.length === 0) return;
        last = rows[rows.length - 1]!.id;
        yield rows.map((row): SourceToken => ({
          id: row.id,
          ttl: row.ttl === null ? row.ttl : Number(row.ttl),
          created: row.created,
          userId: row.userid,
          scopes: row.scopes,
        }));
        if (rows.length < size) return;
      }
    },
    async close() {
      await conn`rollback`.catch(() => {});
      conn.release();
      await sql.end({ timeout: 5 });
    },
  };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
