/**
 * Direct API calls the rules journey uses for set-up and for checks the console does not make itself (placing an
 * order so there are decisions to back-test, asking the server whether it refuses the author's publish too).
 */
import { BASE_URL, eventually } from './support/browser';
import { DEMO_PASSWORD } from './support/pages';

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export async function api<T>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function apiLogin(username: string): Promise<string> {
  const response = await api<{ token: string }>('POST', '/api/auth/login', null, { username, password: DEMO_PASSWORD });
  if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
  return response.body.token;
}

/** Places a one-line order as the clerk; its workflow allocates the line under the allocation rules in force. */
export async function placeOrder(customerCode: string, itemSku: string, quantity: number) {
  const token = await apiLogin('clerk');
  const response = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/orders', token, {
    customerCode,
    lines: [{ itemSku, quantity }],
  });
  if (response.status !== 201) throw new Error(`order not placed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Waits until `businessKey` has a recorded decision under the given allocation version. */
export async function waitForDecision(token: string, version: number, businessKey: string): Promise<void> {
  await eventually(
    async () => {
      const page = await api<{ items: { businessKey: string | null }[] }>(
        'GET',
        `/api/rule-sets/allocation/versions/${version}/decisions?page=1&pageSize=50`,
        token,
      );
      return page.body.items.some((decision) => decision.businessKey === businessKey);
    },
    (found) => found,
    { timeoutMs: 60_000, intervalMs: 1_000, what: `an allocation decision for ${businessKey} under v${version}` },
  );
}
