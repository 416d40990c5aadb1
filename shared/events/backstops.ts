/** Reads, from each event shape, which backstop an event concerns (the Config recorder, the GuardDuty detector) and why. */
import type { Trigger } from './trigger';

/** AWS Config API calls that stop, delete or narrow the recorder (eventSource config.amazonaws.com). */
export const RECORDER_API_CALLS = ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'] as const;
/** GuardDuty API calls that disable or delete the detector (eventSource guardduty.amazonaws.com). */
export const DETECTOR_API_CALLS = ['UpdateDetector', 'DeleteDetector'] as const;
/** GuardDuty API calls that create or change a filter, which with action ARCHIVE is a suppression rule (guardduty.amazonaws.com). */
export const FILTER_API_CALLS = ['CreateFilter', 'UpdateFilter'] as const;
/** GuardDuty API calls that create or change a trusted IP list (guardduty.amazonaws.com). */
export const IPSET_API_CALLS = ['CreateIPSet', 'UpdateIPSet'] as const;

/** The recorder to check: by name when the event gives one. */
export interface RecorderTarget {
  name?: string;
  /** Why it is checked, for the notification. */
  why: string;
}

/** The detector to check: the one the event names, or every detector of the region (none: one is created). */
export interface DetectorTarget {
  detectorId?: string;
  /** The event deleted the detector: its findings and settings are gone with it. */
  deleted: boolean;
  why: string;
}

/** The suppression rules to judge: the one an event names (on its detector), or every filter of every detector of the region. */
export interface FilterTarget {
  detectorId?: string;
  filterName?: string;
  why: string;
}

/** The trusted IP lists to check: those of the event's detector, or of every detector of the region. */
export interface IpSetTarget {
  detectorId?: string;
  why: string;
}

/** What a trigger asks to check; `ignore` explains an event that needs nothing. */
export interface BackstopTargets {
  recorder?: RecorderTarget;
  detector?: DetectorTarget;
  filters?: FilterTarget;
  ipSets?: IpSetTarget;
  ignore?: string;
}

/** Extracts the backstop targets from any trigger. */
export function backstopTargets(trigger: Trigger): BackstopTargets {
  if (trigger.kind === 'schedule') return { recorder: { why: 'scheduled sweep' }, detector: { deleted: false, why: 'scheduled sweep' }, filters: { why: 'scheduled sweep' }, ipSets: { why: 'scheduled sweep' } };
  if (trigger.kind !== 'cloudtrail') return { ignore: `${trigger.kind} events are not handled by protect-backstops` };
  const request = trigger.request;
  if ((RECORDER_API_CALLS as readonly string[]).includes(trigger.eventName)) {
    if (trigger.eventSource !== 'config.amazonaws.com') return { ignore: `${trigger.eventName} from ${trigger.eventSource} is not an AWS Config call` };
    const recorder = request.configurationRecorder as { name?: unknown } | undefined;
    const name = str(request.configurationRecorderName) ?? str(recorder?.name);
    const channel = str(request.deliveryChannelName);
    const why: Record<string, string> = {
      StopConfigurationRecorder: 'the recorder was stopped',
      DeleteConfigurationRecorder: 'the recorder was deleted',
      DeleteDeliveryChannel: channel ? `its delivery channel ${channel} was deleted` : 'its delivery channel was deleted',
      PutDeliveryChannel: 'its delivery channel was changed (its bucket or prefix may have been redirected)',
      PutConfigurationRecorder: 'the recorder was changed (what it records may have been narrowed)',
    };
    return { recorder: { ...(name ? { name } : {}), why: why[trigger.eventName] ?? trigger.eventName } };
  }
  if ((DETECTOR_API_CALLS as readonly string[]).includes(trigger.eventName)) {
    if (trigger.eventSource !== 'guardduty.amazonaws.com') return { ignore: `${trigger.eventName} from ${trigger.eventSource} is not a GuardDuty call` };
    const detectorId = str(request.detectorId);
    if (trigger.eventName === 'DeleteDetector') return { detector: { ...(detectorId ? { detectorId } : {}), deleted: true, why: 'the detector was deleted' } };
    // UpdateDetector also changes the publishing frequency or features: only `enable: false` turns GuardDuty off.
    if (request.enable !== false) return { ignore: 'UpdateDetector did not disable the detector (enable is not false)' };
    return { detector: { ...(detectorId ? { detectorId } : {}), deleted: false, why: 'the detector was disabled' } };
  }
  if ((FILTER_API_CALLS as readonly string[]).includes(trigger.eventName)) {
    if (trigger.eventSource !== 'guardduty.amazonaws.com') return { ignore: `${trigger.eventName} from ${trigger.eventSource} is not a GuardDuty call` };
    // The request is a record, not the state: the filter is re-read (a later UpdateFilter may have changed it again).
    const detectorId = str(request.detectorId);
    const filterName = str(trigger.eventName === 'CreateFilter' ? request.name : request.filterName) ?? str(request.filterName) ?? str(request.name);
    const verb = trigger.eventName === 'CreateFilter' ? 'created' : 'changed';
    return { filters: { ...(detectorId ? { detectorId } : {}), ...(filterName ? { filterName } : {}), why: `the GuardDuty filter ${filterName ?? ''} was ${verb}`.replace('  ', ' ') } };
  }
  if ((IPSET_API_CALLS as readonly string[]).includes(trigger.eventName)) {
    if (trigger.eventSource !== 'guardduty.amazonaws.com') return { ignore: `${trigger.eventName} from ${trigger.eventSource} is not a GuardDuty call` };
    // Every list of the detector is re-read: CreateIPSet's id is only in the response, and activate may be omitted.
    const detectorId = str(request.detectorId);
    return { ipSets: { ...(detectorId ? { detectorId } : {}), why: `a GuardDuty trusted IP list was ${trigger.eventName === 'CreateIPSet' ? 'created' : 'changed'}` } };
  }
  return { ignore: `${trigger.eventName} is not handled by protect-backstops` };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
