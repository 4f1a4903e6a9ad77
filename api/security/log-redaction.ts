/**
 * What the API's logger never writes (pino `redact`), wherever a log line carries a request, its headers or a body:
 * bearer tokens and cookies, passwords, session tokens and password hashes. Fastify's own request lines log only the
 * method, URL and addresses; this is the net under any line that logs more (an error with its request, a debug line
 * with a body).
 */
export const LOG_REDACT = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'headers.authorization',
    'headers.cookie',
    'authorization',
    'password',
    'newPassword',
    'token',
    'passwordHash',
    'password_hash',
    '*.password',
    '*.newPassword',
    '*.token',
    '*.passwordHash',
    '*.password_hash',
    '*.*.password',
    '*.*.token',
  ],
  censor: '[redacted]',
};
