import { Client, Connection } from '@temporalio/client';

/** The API's one Temporal client; created at start-up, closed on shutdown. */
export async function createTemporalClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}
