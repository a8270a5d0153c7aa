import { Logger } from '@nestjs/common';
import { setProcessLogger } from '@onedoor/messaging';
import { portLogger } from './logger';
import { pinoNestLogger } from './nest';

/**
 * Makes the process's structured log (pino) the destination of Nest's Logger — also before the
 * application is created, e.g. while waiting for the database — and of the messaging libraries.
 */
export function installProcessLogging(): void {
  Logger.overrideLogger(pinoNestLogger());
  setProcessLogger(portLogger());
}

installProcessLogging();
