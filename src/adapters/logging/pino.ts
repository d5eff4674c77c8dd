import pino from 'pino';
import type { Logger } from '../../kernel/index.ts';

/** pino behind the kernel Logger port; secrets are redacted wherever they might appear. */
export function createPinoLogger(level: string, destination: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'key',
          'secret',
          'writeKey',
          '*.writeKey',
          'authorization',
          '*.authorization',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination(destination === 'stdout' ? 1 : 2),
  );
}
