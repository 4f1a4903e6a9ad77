import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ClientInterceptors,
  type ConnectionOptions,
  type GrpcRetryOptions,
} from '@temporalio/client';

/**
 * The SDK's default retries (UNAVAILABLE and the like, backing off up to 5 s), remembering when the latest retry it
 * scheduled fires. Why: the SDK's retry interceptor starts a retry from a timer, and a timer that fires after the
 * channel was closed throws "Channel has been shut down" as an uncaught exception. A caller that gave up waiting (the
 * readiness probe stops at 2 s) leaves such a timer behind, so closing soon after crashed the process (CI caught it
 * in the outage test).
 */
class SettlingRetries {
  private closing = false;
  private lastFiresAt = 0;
  private readonly defaults = defaultGrpcRetryOptions();

  readonly options: GrpcRetryOptions = {
    retryableDecider: (attempt, status) => !this.closing && this.defaults.retryableDecider(attempt, status),
    delayFunction: (attempt, status) => {
      const delay = this.defaults.delayFunction(attempt, status);
      this.lastFiresAt = Math.max(this.lastFiresAt, Date.now() + delay);
      return delay;
    },
  };

  /** Schedules no more retries and waits until those already scheduled have started (they then end on their own). */
  async settle(): Promise<void> {
    this.closing = true;
    const wait = this.lastFiresAt - Date.now();
    if (wait >= 0) await new Promise((resolve) => setTimeout(resolve, wait + 10));
  }
}

/** A connection whose close first lets its scheduled retries start, so none meets a closed channel. */
class SettlingConnection extends Connection {
  retries?: SettlingRetries;

  override async close(): Promise<void> {
    await this.retries?.settle();
    await super.close();
  }
}

/**
 * A Temporal connection, not yet connected (the first call connects), with the SDK's default retries and a `close()`
 * that is safe while retries are pending. Every client the API makes goes through here.
 */
export function lazyTemporalConnection(options: Omit<ConnectionOptions, 'interceptors'>): Connection {
  const retries = new SettlingRetries();
  const connection = SettlingConnection.lazy({
    ...options,
    interceptors: [makeGrpcRetryInterceptor(retries.options)],
  }) as SettlingConnection;
  connection.retries = retries;
  return connection;
}

/** The API's one Temporal client; created at start-up, closed on shutdown. `interceptors`: e.g. tracing's. */
export async function createTemporalClient(
  address: string,
  namespace: string,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = lazyTemporalConnection({ address });
  await connection.ensureConnected();
  return new Client({ connection, namespace, ...(interceptors ? { interceptors } : {}) });
}
