import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeTemporalVersion } from './temporal-binaries';
import { renderTemplate, standardTemporalPorts, temporalServerConfig } from './temporal-config';

const pg = { port: 25433, user: 'postgres', password: 'secret' };

describe('the native cluster follows docker-compose.yml', () => {
  test('the Temporal version is the auto-setup image tag of the checked-in compose file', () => {
    const compose = readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8');
    expect(composeTemporalVersion(compose)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(composeTemporalVersion(`  temporal:\n    image: temporalio/auto-setup:1.30.2\n`)).toBe('1.30.2');
    expect(() => composeTemporalVersion('image: temporalio/server:latest')).toThrow(/auto-setup/);
  });
});

describe('the Temporal server config', () => {
  test('takes the ports and PostgreSQL credentials, every field filled', () => {
    const yaml = temporalServerConfig({
      ports: standardTemporalPorts(7233),
      pg,
      dynamicConfigFile: '/data/dynamic.yaml',
      logLevel: 'warn',
    });
    expect(yaml).not.toContain('${');
    expect(yaml).toContain("connectAddr: '127.0.0.1:25433'");
    expect(yaml).toContain("password: 'secret'");
    expect(yaml).toContain('grpcPort: 7233');
    expect(yaml).toContain('membershipPort: 6939');
    expect(yaml).toContain('pluginName: postgres12');
    expect(yaml).toContain('numHistoryShards: 4');
  });

  test('refuses a membership port above a smallint, which stops the server at its first heartbeat', () => {
    const config = {
      ports: standardTemporalPorts(40_000),
      pg,
      dynamicConfigFile: '/d.yaml',
      logLevel: 'warn' as const,
    };
    expect(() => temporalServerConfig(config)).toThrow(/frontendMembership port 39700 is above 32767/);
  });

  test('a template field without a value is an error, not an empty string', () => {
    expect(renderTemplate('a: ${A}\nb: ${B}', { A: 1, B: 'x' })).toBe('a: 1\nb: x');
    expect(() => renderTemplate('a: ${MISSING}', {})).toThrow(/MISSING/);
  });
});
