/** The one Powertools logger. Service name and level come from POWERTOOLS_* variables, read by Powertools itself. */
import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logger shared by every function and script. */
export const logger = new Logger({ serviceName: 'chain-guard' });
