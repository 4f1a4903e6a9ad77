import { DatabaseError } from 'pg';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { outageMessage, unavailableDependency } from './dependency-errors';

/** A Node socket error as `net` raises it (errno, code, syscall). */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });
}

/** A gRPC status error as @grpc/grpc-js raises it (a numeric code). */
function grpcError(code: number, message: string): Error {
  return Object.assign(new Error(message), { code, details: message, metadata: {} });
}

function pgError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('unavailableDependency', () => {
  test('a refused connection is PostgreSQL, raw from knex or wrapped by MikroORM', () => {
    const refused = socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433');
    expect(unavailableDependency(refused)).toEqual({
      dependency: 'postgres',
      reason: 'connect ECONNREFUSED 127.0.0.1:5433',
    });
    expect(unavailableDependency(new DriverException(refused))?.dependency).toBe('postgres');
  });

  test('the query in flight when PostgreSQL shuts down, and connection exceptions, are PostgreSQL', () => {
    const shutdown = pgError('57P01', "select * from session where token_hash = 'secret' - terminating connection");
    // The query knex puts before the server's message (with its values) stays out of the log line.
    expect(unavailableDependency(shutdown)).toEqual({
      dependency: 'postgres',
      reason: 'terminating connection (SQLSTATE 57P01)',
    });
    expect(unavailableDependency(pgError('08006', 'connection failure'))?.dependency).toBe('postgres');
    expect(unavailableDependency(pgError('57P03', 'the database system is starting up'))?.dependency).toBe('postgres');
  });

  test("pg's messages for a dropped socket and knex's pool timeout are PostgreSQL", () => {
    expect(unavailableDependency(new Error('Connection terminated unexpectedly'))?.dependency).toBe('postgres');
    expect(unavailableDependency(new Error('Connection terminated due to connection timeout'))?.dependency).toBe(
      'postgres',
    );
    const timeout = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
      name: 'KnexTimeoutError',
    });
    expect(unavailableDependency(timeout)?.dependency).toBe('postgres');
    // A hung server: the socket is accepted, the start-up never answered (found with a SIGSTOPped postmaster).
    expect(unavailableDependency(new Error('timeout expired'))?.dependency).toBe('postgres');
  });

  test('a Temporal call that found no server is Temporal, wrapped or raw', () => {
    const unavailable = grpcError(14, '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED');
    const wrapped = new ServiceError('Failed to describe workflow', { cause: unavailable });
    expect(unavailableDependency(wrapped)).toEqual({
      dependency: 'temporal',
      reason: '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED',
    });
    expect(unavailableDependency(grpcError(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'))?.dependency).toBe('temporal');
  });

  test('errors that are not outages stay what they are', () => {
    expect(unavailableDependency(new Error('boom'))).toBeUndefined();
    expect(unavailableDependency(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(unavailableDependency(pgError('23505', 'duplicate key value'))).toBeUndefined();
    expect(
      unavailableDependency(new UniqueConstraintViolationException(pgError('23505', 'duplicate key'))),
    ).toBeUndefined();
    expect(unavailableDependency(new WorkflowNotFoundError('gone', 'wf', undefined))).toBeUndefined();
    expect(unavailableDependency(grpcError(5, '5 NOT_FOUND'))).toBeUndefined();
    expect(unavailableDependency(undefined)).toBeUndefined();
    expect(unavailableDependency('ECONNREFUSED')).toBeUndefined();
  });

  test('a cyclic cause chain ends', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(unavailableDependency(a)).toBeUndefined();
  });

  test('the message names the dependency', () => {
    expect(outageMessage('postgres')).toBe('The database (PostgreSQL) is unreachable; try again shortly');
    expect(outageMessage('temporal')).toBe('The process engine (Temporal) is unreachable; try again shortly');
  });
});
