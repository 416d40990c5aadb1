/** An event that names no trail (requestParameters missing, null or empty, a finding without the trail) checks every trail. */
import { trailTargets, type TrailTarget, type TrailTargets } from '../../../../shared/events/trail';
import { parseEvent } from '../../../../shared/events/trigger';
import { loadEvent, withIds } from '../../../../scripts/lib/events';

const targetsOf = (event: Record<string, unknown>): TrailTargets => trailTargets(parseEvent(event));
const withRequest = (event: Record<string, unknown>, request: unknown): Record<string, unknown> => ({ ...event, detail: { ...(event.detail as object), requestParameters: request } });
const withoutRequest = (event: Record<string, unknown>): Record<string, unknown> => {
  const detail = { ...(event.detail as Record<string, unknown>) };
  delete detail.requestParameters;
  return { ...event, detail };
};

const BASELINE_CHECK: TrailTarget = { wanted: [], selectors: true, restart: true, why: 'the baseline trail must exist, log and be compliant' };
const everyTrail = (why: string): TrailTarget => ({ every: true, wanted: [], selectors: false, restart: true, why });
const UNNAMED = (eventName: string): TrailTarget => everyTrail(`${eventName} names no trail (no requestParameters): every trail of the account is checked`);

describe('trailTargets for a CloudTrail call that names no trail', () => {
  it('checks every trail, restarting stopped ones, and the baseline trail after a StopLogging recorded with requestParameters null', () => {
    // Prepare
    const event = withRequest(loadEvent('cloudtrail-stoplogging'), null);

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [UNNAMED('StopLogging'), BASELINE_CHECK] });
  });

  it('checks every trail after a StopLogging recorded without requestParameters at all', () => {
    // Prepare
    const event = withoutRequest(loadEvent('cloudtrail-stoplogging'));

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [UNNAMED('StopLogging'), BASELINE_CHECK] });
  });

  it('checks every trail after a StopLogging whose trail name is empty', () => {
    // Prepare
    const event = withRequest(loadEvent('cloudtrail-stoplogging'), { name: '' });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [UNNAMED('StopLogging'), BASELINE_CHECK] });
  });

  it('checks every trail after a DeleteTrail recorded with requestParameters null', () => {
    // Prepare
    const event = withRequest(loadEvent('cloudtrail-deletetrail'), null);

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [UNNAMED('DeleteTrail'), BASELINE_CHECK] });
  });

  it('checks every trail after an UpdateTrail recorded with requestParameters null', () => {
    // Prepare
    const event = withRequest(loadEvent('cloudtrail-updatetrail'), null);

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [UNNAMED('UpdateTrail'), BASELINE_CHECK] });
  });

  it('still ignores a CloudTrail call that does not weaken a trail when it names none', () => {
    // Prepare
    const event = withRequest(withIds(loadEvent('cloudtrail-stoplogging'), { '"eventName":"StopLogging"': '"eventName":"StartLogging"' }), null);

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'StartLogging does not weaken a trail' });
  });
});

describe('trailTargets for a GuardDuty CloudTrailLoggingDisabled finding without the trail', () => {
  it('checks every trail, restarting stopped ones, and then the baseline trail', () => {
    // Prepare
    const event = loadEvent('guardduty-stealth-cloudtrail-logging-disabled');
    const action = (event.detail as { service: { action: { awsApiCallAction: Record<string, unknown> } } }).service.action.awsApiCallAction;
    delete action.affectedResources;

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [everyTrail('GuardDuty saw DeleteTrail but names no trail: every trail of the account is checked'), BASELINE_CHECK] });
  });
});
