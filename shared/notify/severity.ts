/**
 * The notice's severity follows the risk, not the outcome: what was exposed or blinded (as the remediation judged it),
 * and a GuardDuty finding's own severity. A repair that failed leaves the risk in place, so it is at least HIGH.
 */
import { SEVERITIES, type RemediationResult, type Risk, type Severity } from '../remediations/result';

/**
 * GuardDuty's own bands: 1.0-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-8.9 HIGH, 9.0 and up CRITICAL.
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html
 */
export function guardDutySeverity(severity: number): Severity {
  if (severity >= 9) return 'CRITICAL';
  if (severity >= 7) return 'HIGH';
  if (severity >= 4) return 'MEDIUM';
  return 'LOW';
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/** The risk a result stands for: the remediation's own judgement, the finding's severity, or the resource's kind. */
export function riskOf(result: RemediationResult): Risk {
  const finding = result.trigger.kind === 'guardduty' && result.trigger.severity !== undefined ? guardDutySeverity(result.trigger.severity) : undefined;
  const findingRisk: Risk | undefined = finding ? { level: finding, why: `GuardDuty rates the finding ${result.trigger.severity} (${finding})` } : undefined;
  let risk = result.risk ?? findingRisk ?? byResource(result);
  if (result.risk && findingRisk && maxSeverity(findingRisk.level, risk.level) !== risk.level) risk = findingRisk;
  if (result.outcome === 'failed' && maxSeverity(risk.level, 'HIGH') !== risk.level) return { level: 'HIGH', why: `${risk.why}; the repair failed, so it is still so` };
  if (result.outcome === 'already-compliant' || result.outcome === 'ignored') return { level: 'INFO', why: 'nothing was wrong' };
  return risk;
}

function byResource(result: RemediationResult): Risk {
  if (result.channelDamaged) return { level: 'CRITICAL', why: 'the alerts channel itself was damaged: ops hear nothing while it is' };
  switch (result.resource.type) {
    case 'AWS::EC2::SecurityGroup':
      return { level: 'HIGH', why: 'a security group was open to the whole internet' };
    case 'AWS::SNS::Topic':
      return { level: 'HIGH', why: 'the alerts topic was changed: notices may not reach ops' };
    case 'AWS::Lambda::Function':
      return { level: 'MEDIUM', why: 'part of the chain is not protected by this deployment' };
    case 'AWS::Account':
      return { level: 'MEDIUM', why: 'another account: not checked here' };
    default:
      return { level: 'MEDIUM', why: 'a monitored resource changed' };
  }
}
