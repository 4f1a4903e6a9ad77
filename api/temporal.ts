import { Client, Connection, type ClientInterceptors } from '@temporalio/client';

/** The API's one Temporal client; created at start-up, closed on shutdown. `interceptors`: e.g. tracing's. */
export async function createTemporalClient(
  address: string,
  namespace: string,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace, ...(interceptors ? { interceptors } : {}) });
}
