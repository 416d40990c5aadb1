/** Every remediation, by id (= the Lambda function name in serverless.yml). A unit test walks this registry. */
import { alarmChain } from './alarms';
import { backstops } from './backstops';
import { notificationChannel } from './notifications';
import { openIngress } from './open-ingress';
import { trailProtection } from './trail';
import type { Remediation } from './types';

/** All registered remediations. */
export const REMEDIATIONS: readonly Remediation[] = [openIngress, trailProtection, alarmChain, notificationChannel, backstops];

/** The remediation with this id; throws when unknown. */
export function remediationById(id: string): Remediation {
  const found = REMEDIATIONS.find((r) => r.id === id);
  if (!found) throw new Error(`unknown remediation ${id}; known: ${REMEDIATIONS.map((r) => r.id).join(', ')}`);
  return found;
}
