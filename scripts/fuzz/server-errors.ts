import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/** One 5xx the API answered during a run: the call, the status and the error it logged for it (if any). */
export interface ServerError {
  run: string;
  method: string;
  url: string;
  status: number;
  error?: string;
}

/** What the API answered during one run: responses by status class, and each 5xx. */
export interface RunResponses {
  total: number;
  byClass: Record<string, number>;
  serverErrors: ServerError[];
}

/**
 * The API's own account of a fuzzing run, independent of what Schemathesis concludes: a log destination that keeps
 * the API's error lines (in a file, and by request id in memory), and an onResponse hook that counts every response
 * by status class for the run currently going and records each 5xx with the error logged for that request.
 */
export class ServerErrorLog extends Writable {
  private readonly errorsByRequest = new Map<string, string>();
  private readonly runs = new Map<string, RunResponses>();
  private current = 'setup';

  constructor(private readonly file: string) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString();
    appendFileSync(this.file, text);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { reqId?: string; msg?: string; err?: { type?: string; message?: string } };
        if (entry.reqId && entry.err) {
          this.errorsByRequest.set(String(entry.reqId), `${entry.err.type ?? 'Error'}: ${entry.err.message ?? ''}`);
        }
      } catch {
        // Not a JSON line: kept in the file only.
      }
    }
    done();
  }

  /** Counts the API's responses from now on; call before the app listens. */
  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const run = this.responsesOf(this.current);
      const status = reply.statusCode;
      run.total += 1;
      const statusClass = `${Math.floor(status / 100)}xx`;
      run.byClass[statusClass] = (run.byClass[statusClass] ?? 0) + 1;
      if (status >= 500) {
        run.serverErrors.push({
          run: this.current,
          method: request.method,
          url: request.url,
          status,
          error: this.errorsByRequest.get(String(request.id)),
        });
      }
    });
  }

  /** Attributes the responses from now on to `run` (a role's pass). */
  startRun(run: string): void {
    this.current = run;
  }

  responsesOf(run: string): RunResponses {
    let found = this.runs.get(run);
    if (!found) {
      found = { total: 0, byClass: {}, serverErrors: [] };
      this.runs.set(run, found);
    }
    return found;
  }
}
