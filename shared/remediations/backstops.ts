/**
 * Keep the backstops on: while no trail logs, EventBridge gets no CloudTrail events, and AWS Config rules and
 * GuardDuty carry the load. An attacker who knows it stops them too: restart, recreate or restore the Config recorder
 * (and its delivery channel), re-enable or recreate the GuardDuty detector, and report a suppression rule that archives
 * the findings chain-guard relies on, or an active trusted IP list (never changed). Strengthen only.
 * Config side: backstops-recorder.ts; GuardDuty side: backstops-detector.ts, backstops-filters.ts, backstops-ipsets.ts; planning:
 * shared/baseline/backstops.ts, shared/baseline/guardduty-filters.ts.
 */
import { eachTargetSweeper } from '../sweep/each-target';
import { errorMessage } from '../errors';
import { backstopTargets, DETECTOR_API_CALLS, FILTER_API_CALLS, IPSET_API_CALLS, RECORDER_API_CALLS } from '../events/backstops';
import type { Trigger } from '../events/trigger';
import { logger } from '../logger';
import { examineDetector } from './backstops-detector';
import { examineFilters } from './backstops-filters';
import { examineIpSets } from './backstops-ipsets';
import { examineRecorder } from './backstops-recorder';
import { addFindings, detectorResource, noFindings, recorderResource, resultOf, type BackstopFindings } from './backstops-result';
import type { RemediationResult } from './result';
import type { Deps, Remediation } from './types';

/** The protect-backstops remediation. */
export const backstops: Remediation = {
  id: 'protect-backstops',
  title: 'Keep the AWS Config recorder and the GuardDuty detector on, report the suppression rules and trusted IP lists that silence it (strengthen only)',
  permissions: [
    'config:DescribeConfigurationRecorders',
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeDeliveryChannels',
    'config:PutConfigurationRecorder',
    'config:PutDeliveryChannel',
    'config:StartConfigurationRecorder',
    'iam:PassRole',
    'guardduty:ListDetectors',
    'guardduty:GetDetector',
    'guardduty:CreateDetector',
    'guardduty:UpdateDetector',
    'guardduty:ListFilters',
    'guardduty:GetFilter',
    'guardduty:ListIPSets',
    'guardduty:GetIPSet',
  ],
  triggers: { cloudtrail: [...RECORDER_API_CALLS, ...DETECTOR_API_CALLS, ...FILTER_API_CALLS, ...IPSET_API_CALLS] },
  unarmed: (config) =>
    config.backstops.recorder
      ? undefined
      : 'No AWS Config recorder baseline is configured (params configRecorderRoleArn and configDeliveryBucket): a deleted recorder or delivery channel cannot be recreated and a narrowed recorder is not restored; only a stopped recorder is restarted.',
  // The sweep over many accounts x regions: each account and region (README "Organization").
  sweeper: eachTargetSweeper('Config recorders and GuardDuty detectors', 'AWS::Config::ConfigurationRecorder'),
  run: protectBackstops,
};

/** Runs the whole remediation for one trigger: the recorder, then the detector, each on its own (one failing does not stop the other). */
export async function protectBackstops(trigger: Trigger, deps: Deps): Promise<RemediationResult> {
  const targets = backstopTargets(trigger);
  const all = noFindings();
  const region = trigger.region;
  if (targets.recorder) {
    const recorder = targets.recorder;
    await examine(all, 'Config recorder', () => examineRecorder(recorder, trigger, deps), () => recorderResource(recorder.name ?? deps.config.backstops.recorderName, trigger, region));
  }
  if (targets.detector) {
    const detector = targets.detector;
    await examine(all, 'GuardDuty detector', () => examineDetector(detector, trigger, deps), () => detectorResource(detector.detectorId, trigger, region));
  }
  if (targets.filters) {
    const filters = targets.filters;
    // Judged, never written: a suppression rule that silences a backstop is the customer's, a person decides.
    await examine(all, 'GuardDuty suppression rules', () => examineFilters(filters, trigger, deps), () => detectorResource(filters.detectorId, trigger, region));
  }
  if (targets.ipSets) {
    const ipSets = targets.ipSets;
    await examine(all, 'GuardDuty trusted IP lists', () => examineIpSets(ipSets.detectorId, trigger, deps), () => detectorResource(ipSets.detectorId, trigger, region));
  }
  const resource = all.resource ?? recorderResource(deps.config.backstops.recorderName, trigger, region);
  return resultOf(backstops.id, trigger, resource, all, targets.ignore);
}

async function examine(all: BackstopFindings, what: string, run: () => Promise<BackstopFindings>, resource: () => BackstopFindings['resource']): Promise<void> {
  try {
    addFindings(all, await run());
  } catch (error) {
    all.errors.push(`${what}: ${errorMessage(error)}`);
    all.resource ??= resource();
    logger.error('Backstop remediation failed', { what, error: error as Error });
  }
}
