import { pino } from 'pino';

// Structured logs. Rejections are logged with codes and roles, never names, seat codes or tokens
// (docs/privacy.md: logs are not a place where members' data may be kept). The redaction below is
// a second line: a field that carries personal data is never passed to a log call on purpose.
export type Logger = pino.Logger;

const REDACTED = [
  'token',
  'seatCode',
  'displayName',
  'name',
  'attributes',
  'req.headers.authorization',
  '*.token',
  '*.seatCode',
  '*.displayName',
  '*.attributes',
  // A body parser's error keeps the request's raw body (a roster file, a join): never logged.
  'err.body',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined, redact: REDACTED });
}
