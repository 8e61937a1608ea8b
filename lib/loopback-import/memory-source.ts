import { readFile, stat } from 'node:fs/promises';
import { SourceError, TOKEN_PROPERTIES, USER_PROPERTIES, type Source, type SourceOptions, type SourceToken, type SourceUser } from './source';

/**
 * A file written by LoopBack's memory connector (`connector: 'memory', file: …`):
 * `{ ids: { Model: next }, models: { Model: { "<id>": "<the instance as a JSON string>" } } }`.
 */
export async function openMemoryFile(file: string, options: SourceOptions): Promise<Source> {
  let text: string;
  try {
    if (!(await stat(file)).isFile()) throw new SourceError(`${file} is not a file`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const models = (parsed as { models?: unknown } | null)?.models;
  if (!isObject(parsed) || !isObject(models)) {
    throw new SourceError(`${file} is not a LoopBack memory-connector file (no "models" object)`);
  }
  const table = (name: string): Record<string, unknown> => {
    const rows = models[name];
    if (!isObject(rows)) {
      const known = Object.keys(models).join(', ') || 'none';
      throw new SourceError(`${file} has no "${name}" model (it holds: ${known}); name the model with --user-model / --token-model`);
    }
    return rows;
  };
  const users = decode(file, options.userModel, table(options.userModel));
  const tokens = decode(file, options.tokenModel, table(options.tokenModel));
  const userKnown = new Set<string>(USER_PROPERTIES);

  return {
    description: `memory-connector file ${file}`,
    countUsers: async () => users.length,
    countTokens: async () => tokens.length,
    async *users(size) {
      for (let i = 0; i < users.length; i += size) {
        yield users.slice(i, i + size).map((row): SourceUser => ({
          id: row.id,
          email: row.email,
          username: row.username,
          realm: row.realm,
          password: row.password,
          emailVerified: row.emailVerified,
          verificationToken: row.verificationToken,
          extra: Object.keys(row).filter((key) => !userKnown.has(key) && row[key] !== null && row[key] !== undefined),
        }));
      }
    },
    async *tokens(size) {
      for (let i = 0; i < tokens.length; i += size) {
        yield tokens.slice(i, i + size).map((row) => Object.fromEntries(TOKEN_PROPERTIES.map((key) => [key, row[key]])) as unknown as SourceToken);
      }
    },
    close: async () => {},
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The connector stores each instance as a JSON string keyed by its id. */
function decode(file: string, model: string, rows: Record<string, unknown>): Record<string, unknown>[] {
  return Object.entries(rows).map(([key, value]) => {
    let row: unknown = value;
    if (typeof value === 'string') {
      try {
        row = JSON.parse(value);
      } catch {
        throw new SourceError(`${file}: ${model} "${key}" is not valid JSON`);
      }
    }
    if (!isObject(row)) throw new SourceError(`${file}: ${model} "${key}" is not an object`);
    return { ...row, id: row.id ?? key };
  });
}
