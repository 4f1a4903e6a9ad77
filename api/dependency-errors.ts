/**
 * Recognises the errors that mean "a server we depend on is unreachable", as opposed to a bug or a refusal, so the
 * error mapper can answer 503 with Retry-After instead of a 500. The shapes were found by stopping the servers
 * under a running API (see api/health/outage.int.test.ts):
 * - PostgreSQL (pg through knex, sometimes wrapped in MikroORM's DriverException, which copies `code`): a socket
 *   error code (ECONNREFUSED while it is down), SQLSTATE 57P01 "terminating connection due to administrator
 *   command" for the query in flight when it stops, class 08 connection exceptions, pg's "Connection terminated"
 *   messages when the socket drops, its connect timeout when the server hangs, and knex's pool acquire timeout.
 * - Temporal (@temporalio/client): a ServiceError whose cause is a gRPC status UNAVAILABLE or DEADLINE_EXCEEDED
 *   (after the client's own retries), or that gRPC error itself (health checks).
 */

/** A server the API cannot work without. */
export type Dependency = 'postgres' | 'temporal';

/** How each dependency is named to people (messages and log lines). */
export const DEPENDENCY_NAMES: Readonly<Record<Dependency, string>> = {
  postgres: 'The database (PostgreSQL)',
  temporal: 'The process engine (Temporal)',
};

/** What {@link unavailableDependency} found: which server, and the low-level reason in one line for the log. */
export interface DependencyOutage {
  dependency: Dependency;
  reason: string;
}

/** Node socket errors on the way to the database (the API talks to nothing else over plain sockets). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server going away or refusing sessions: admin/crash shutdown, starting up, too many
 * connections. Class 08 (connection exceptions) is matched by prefix.
 */
const POSTGRES_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg's and knex's own messages for a connection that closed, or never opened, under them (they carry no code). */
const POSTGRES_MESSAGES = [
  /^Connection terminated/i,
  /Connection ended unexpectedly/i,
  /encountered a connection error and is not queryable/i,
  /^Knex: Timeout acquiring a connection/i,
  /^timeout expired$/, // pg's connectionTimeoutMillis: the server took the socket but never answered (hung)
];

/** gRPC status codes (numbers, as @grpc/grpc-js reports them) that mean the Temporal frontend cannot be reached. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (bounded: a cyclic chain must not hang the error mapper). */
function chainOf(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 8 && !chain.includes(current as ErrorLike)) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

function isPostgresOutage(error: ErrorLike): boolean {
  const { code, name } = error;
  const message = typeof error.message === 'string' ? error.message : '';
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || POSTGRES_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (name === 'KnexTimeoutError' || name === 'ConnectionException') return true;
  return POSTGRES_MESSAGES.some((pattern) => pattern.test(message));
}

function isTemporalOutage(error: ErrorLike): boolean {
  return error.code === GRPC_UNAVAILABLE || error.code === GRPC_DEADLINE_EXCEEDED;
}

/**
 * The first line of an error's message, short enough for a log line. knex prefixes a failed query's message with
 * the SQL and its bound values (`insert ... - terminating connection ...`); those stay out of the log (a session
 * token's hash is one such value), and a SQLSTATE is added instead.
 */
function reasonOf(error: ErrorLike): string {
  const message = typeof error.message === 'string' ? error.message : String(error.code ?? 'unknown');
  const line = message.split('\n')[0] ?? '';
  const separator = line.lastIndexOf(' - ');
  const withoutQuery = separator >= 0 ? line.slice(separator + 3) : line;
  const sqlState =
    typeof error.code === 'string' && /^(?=.*\d)[0-9A-Z]{5}$/.test(error.code) ? ` (SQLSTATE ${error.code})` : '';
  return `${withoutQuery.slice(0, 300)}${sqlState}`;
}

/**
 * Which dependency an error says is unreachable, with the reason; undefined for every other error (those stay
 * 500s or their own codes). Looks through `cause` chains, since the Temporal client and MikroORM wrap the
 * transport error.
 */
export function unavailableDependency(error: unknown): DependencyOutage | undefined {
  for (const link of chainOf(error)) {
    if (isTemporalOutage(link)) return { dependency: 'temporal', reason: reasonOf(link) };
    if (isPostgresOutage(link)) return { dependency: 'postgres', reason: reasonOf(link) };
  }
  return undefined;
}

/** The sentence a caller reads in the 503 body. */
export function outageMessage(dependency: Dependency): string {
  return `${DEPENDENCY_NAMES[dependency]} is unreachable; try again shortly`;
}
