import { pino } from 'pino';

// Structured logs. Rejections are logged with codes and roles, never names, seat codes or tokens.
export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined, redact: ['token', 'seatCode', 'req.headers.authorization'] });
}
