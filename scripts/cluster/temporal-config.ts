import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ports of one Temporal server process: gRPC and membership (ringpop) for each of its four services. */
export interface TemporalPorts {
  frontend: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Temporal's own development layout around a frontend port (7233: 7234, 7235, 7239, 6933, 6934, 6935, 6939). */
export function standardTemporalPorts(frontend: number): TemporalPorts {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    frontendMembership: frontend - 300,
    historyMembership: frontend - 299,
    matchingMembership: frontend - 298,
    workerMembership: frontend - 294,
  };
}

/** Temporal keeps membership ports in a PostgreSQL smallint. */
export const MAX_MEMBERSHIP_PORT = 32_767;

export interface TemporalConfigValues {
  ports: TemporalPorts;
  pg: { port: number; user: string; password: string };
  dynamicConfigFile: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

const TEMPLATE = join(__dirname, 'temporal-server.template.yaml');

/** Fills the template's `${NAME}` fields; a field left without a value is an error, never an empty string. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the Temporal config template needs a value for ${name}`);
    return String(value);
  });
}

/** The server's config file for these ports and PostgreSQL credentials. */
export function temporalServerConfig(values: TemporalConfigValues): string {
  const { ports, pg } = values;
  for (const [service, port] of Object.entries(ports)) {
    // cluster_membership.rpc_port is a smallint: a higher port stops the server at its first heartbeat.
    if (service.endsWith('Membership') && port > MAX_MEMBERSHIP_PORT) {
      throw new Error(
        `Temporal's ${service} port ${port} is above ${MAX_MEMBERSHIP_PORT}, which its schema cannot store`,
      );
    }
  }
  return renderTemplate(readFileSync(TEMPLATE, 'utf8'), {
    LOG_LEVEL: values.logLevel,
    PG_PORT: pg.port,
    PG_USER: pg.user,
    PG_PASSWORD: pg.password,
    FRONTEND_PORT: ports.frontend,
    FRONTEND_MEMBERSHIP_PORT: ports.frontendMembership,
    HISTORY_PORT: ports.history,
    HISTORY_MEMBERSHIP_PORT: ports.historyMembership,
    MATCHING_PORT: ports.matching,
    MATCHING_MEMBERSHIP_PORT: ports.matchingMembership,
    WORKER_PORT: ports.worker,
    WORKER_MEMBERSHIP_PORT: ports.workerMembership,
    DYNAMIC_CONFIG_FILE: values.dynamicConfigFile,
  });
}

/**
 * Dynamic config: search attributes registered a moment ago are seen at once (as on the CLI's dev server), and a
 * namespace registered at start-up reaches every service's cache within seconds rather than the default 10 s.
 */
export const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
system.namespaceCacheRefreshInterval:
  - value: 2s
    constraints: {}
`;
