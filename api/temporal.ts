import { InterceptingCall, Metadata, status, type Interceptor, type StatusObject } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ClientInterceptors,
  type ConnectionOptions,
} from '@temporalio/client';

/**
 * Whether the connection has been closed; the retry interceptor and the guard below read it. Why: the SDK's retry
 * interceptor starts a retry from a timer, and a timer that fires after the channel was closed made grpc-js throw
 * "Channel has been shut down" as an uncaught exception. A caller that gave up waiting (the readiness probe stops at
 * 2 s) leaves such a timer behind, so closing soon after crashed the process (CI caught it in the outage test).
 * Waiting for the timer before closing was not enough: timers measure from the event loop's cached clock, so on a busy
 * machine the wait could end first.
 */
class ClosedFlag {
  closed = false;
}

/** The SDK's default retries (UNAVAILABLE and the like, backing off up to 5 s), none once the connection is closed. */
function retriesUntilClosed(flag: ClosedFlag): Interceptor {
  const defaults = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({
    retryableDecider: (attempt, status) => !flag.closed && defaults.retryableDecider(attempt, status),
    delayFunction: defaults.delayFunction,
  });
}

/**
 * Innermost interceptor: once the connection is closed, a call (a retry whose timer fired late, above all) ends at once
 * as CANCELLED instead of asking the closed channel for a call, which throws.
 */
function cancelAfterClose(flag: ClosedFlag): Interceptor {
  return (options, nextCall) => new InterceptingCall(flag.closed ? cancelledCall() : nextCall(options));
}

/** A call that never reaches the network and reports CANCELLED to whoever starts it. */
function cancelledCall(): ConstructorParameters<typeof InterceptingCall>[0] {
  const cancelled: StatusObject = {
    code: status.CANCELLED,
    details: 'The Temporal connection was closed',
    metadata: new Metadata(),
  };
  const nothing = () => undefined;
  return {
    start: (_metadata, listener) => process.nextTick(() => listener?.onReceiveStatus?.(cancelled)),
    cancelWithStatus: nothing,
    getPeer: () => '',
    sendMessageWithContext: nothing,
    sendMessage: nothing,
    startRead: nothing,
    halfClose: nothing,
    getAuthContext: () => null,
  };
}

/** A connection that, when closed, ends its pending retries instead of leaving them to meet a closed channel. */
class ClosingConnection extends Connection {
  flag?: ClosedFlag;

  override async close(): Promise<void> {
    if (this.flag) this.flag.closed = true;
    await super.close();
  }
}

/**
 * A Temporal connection, not yet connected (the first call connects), with the SDK's default retries and a `close()`
 * that is safe while retries are pending (they end as CANCELLED). Every client the API makes goes through here.
 */
export function lazyTemporalConnection(options: Omit<ConnectionOptions, 'interceptors'>): Connection {
  const flag = new ClosedFlag();
  const connection = ClosingConnection.lazy({
    ...options,
    // The first interceptor is the outermost: the retry's next call goes through the guard.
    interceptors: [retriesUntilClosed(flag), cancelAfterClose(flag)],
  }) as ClosingConnection;
  connection.flag = flag;
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
