/**
 * `npm run import:loopback -- <postgres-url | db.json> [--dry-run] [--skip-conflicts] …`: brings a
 * LoopBack 3 user base (users, password hashes, live access tokens) into Latchkey's database
 * (DATABASE_URL, or PGlite). Exit codes: 0 done (or nothing new), 2 bad arguments or unreadable
 * source, 3 conflicts stopped it, 1 anything else. Nothing is written unless it all is.
 */
import { parseArgs } from 'node:util';
import { closeDb } from '@/lib/db';
import { describeError } from '@/lib/log';
import { importFromLoopback, SourceError, type Progress } from '@/lib/loopback-import/import';
import { formatReport } from '@/lib/loopback-import/report';

const USAGE = `usage: npm run import:loopback -- <source> [options]
  <source>              postgres://… (a LoopBack 3 database, loopback-connector-postgresql)
                        or the path of a memory-connector file (db.json)
  --dry-run             read and check everything, print the report, write nothing
  --skip-conflicts      import the rest and leave conflicting users (and their tokens) behind
  --user-model <name>   the app's user model (default User; table "user", or Account → "account")
  --token-model <name>  the access-token model (default AccessToken)
  --schema <name>       PostgreSQL schema of the tables (default public)
  --reset-ttl <s>       unscoped tokens of this ttl are LoopBack reset tokens, skipped (default 900; 0: off)
  --batch-size <n>      rows per read and per insert (default 5000)
  --json                print the report as JSON`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function whole(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) usage(`--${name} must be a whole number of at least ${min}`);
  return Number(value);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      'skip-conflicts': { type: 'boolean' },
      'user-model': { type: 'string' },
      'token-model': { type: 'string' },
      schema: { type: 'string' },
      'reset-ttl': { type: 'string' },
      'batch-size': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  args = parse();
} catch (error) {
  usage((error as Error).message);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length !== 1) usage(args.positionals.length === 0 ? 'no source given' : 'give exactly one source');

// Progress is for a person watching: on stderr, and only on a terminal.
const tty = process.stderr.isTTY;
const began = performance.now();
let lastDraw = 0;
function onProgress(p: Progress): void {
  if (!tty) return;
  const now = performance.now();
  if (now - lastDraw < 100 && p.done < p.total) return;
  lastDraw = now;
  const rate = Math.round(p.done / Math.max((now - began) / 1000, 0.001));
  process.stderr.write(`\r\x1b[K${p.phase}: ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} (${rate.toLocaleString('en')}/s)`);
}

let code = 0;
try {
  const report = await importFromLoopback({
    source: args.positionals[0]!,
    dryRun: args.values['dry-run'] ?? false,
    skipConflicts: args.values['skip-conflicts'] ?? false,
    userModel: args.values['user-model'],
    tokenModel: args.values['token-model'],
    schema: args.values.schema,
    resetTtl: whole('reset-ttl', args.values['reset-ttl'], 0),
    batchSize: whole('batch-size', args.values['batch-size'], 1),
    onProgress,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  console.log(args.values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  if (report.status === 'stopped') code = 3;
} catch (error) {
  if (tty) process.stderr.write('\r\x1b[K');
  if (error instanceof SourceError) {
    console.error(`Import failed, nothing written: ${error.message}`);
    code = 2;
  } else {
    console.error(`Import failed, nothing written: ${describeError(error)}`);
    code = 1;
  }
} finally {
  await closeDb();
}
process.exit(code);
