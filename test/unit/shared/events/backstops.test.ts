/** Which backstop an event concerns, read from the real-world events. */
import { backstopTargets } from '../../../../shared/events/backstops';
import { parseEvent, scheduledEvent } from '../../../../shared/events/trigger';
import { loadEvent } from '../../../../scripts/lib/events';

const targetsOf = (name: string, change?: (detail: Record<string, unknown>) => void) => {
  const event = loadEvent(name);
  change?.(event.detail as Record<string, unknown>);
  return backstopTargets(parseEvent(event));
};

describe('backstopTargets', () => {
  it('reads the recorder name of a StopConfigurationRecorder', () => {
    expect(targetsOf('config-api-stopconfigurationrecorder')).toEqual({ recorder: { name: 'default', why: 'the recorder was stopped' } });
  });

  it('reads the recorder name inside a PutConfigurationRecorder request', () => {
    const targets = targetsOf('config-api-stopconfigurationrecorder', (d) => Object.assign(d, { eventName: 'PutConfigurationRecorder', requestParameters: { configurationRecorder: { name: 'org-recorder', recordingGroup: { allSupported: false } } } }));

    expect(targets.recorder?.name).toBe('org-recorder');
  });

  it('reads a PutDeliveryChannel as a possibly redirected channel of the region recorder (the channel name is no recorder name)', () => {
    const targets = targetsOf('config-api-stopconfigurationrecorder', (d) => Object.assign(d, { eventName: 'PutDeliveryChannel', requestParameters: { deliveryChannel: { name: 'default', s3BucketName: 'elsewhere' } } }));

    expect(targets).toEqual({ recorder: { why: 'its delivery channel was changed (its bucket or prefix may have been redirected)' } });
  });

  it('reads a DeleteDetector as the deletion of the detector it names', () => {
    expect(targetsOf('guardduty-api-deletedetector')).toEqual({ detector: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', deleted: true, why: 'the detector was deleted' } });
  });

  it('reads an UpdateDetector with enable false as a disabled detector', () => {
    expect(targetsOf('guardduty-api-updatedetector-disable').detector).toEqual({ detectorId: '12abc34d567e8fa901bc2d34e56789f0', deleted: false, why: 'the detector was disabled' });
  });

  it('reads a CreateFilter as the filter it names on its detector', () => {
    expect(targetsOf('guardduty-api-createfilter')).toEqual({ filters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', filterName: 'low-noise', why: 'the GuardDuty filter low-noise was created' } });
  });

  it('reads an UpdateFilter by its filterName', () => {
    const targets = targetsOf('guardduty-api-createfilter', (d) => Object.assign(d, { eventName: 'UpdateFilter', requestParameters: { detectorId: 'd1', filterName: 'quiet', action: 'ARCHIVE' } }));

    expect(targets).toEqual({ filters: { detectorId: 'd1', filterName: 'quiet', why: 'the GuardDuty filter quiet was changed' } });
  });

  it('reads a CreateIPSet as every trusted IP list of its detector (the new id is only in the response)', () => {
    const targets = targetsOf('guardduty-api-createfilter', (d) => Object.assign(d, { eventName: 'CreateIPSet', requestParameters: { detectorId: 'd1', name: 'vpn', format: 'TXT', location: 'https://s3.amazonaws.com/b/k.txt', activate: true } }));

    expect(targets).toEqual({ ipSets: { detectorId: 'd1', why: 'a GuardDuty trusted IP list was created' } });
  });

  it('ignores a CreateFilter that is not a GuardDuty call', () => {
    expect(targetsOf('guardduty-api-createfilter', (d) => Object.assign(d, { eventSource: 'config.amazonaws.com' })).ignore).toMatch(/not a GuardDuty call/);
  });

  it('ignores an UpdateDetector that leaves the detector enabled', () => {
    expect(targetsOf('guardduty-api-updatedetector-disable', (d) => Object.assign(d, { requestParameters: { detectorId: 'x', enable: true } })).ignore).toMatch(/did not disable/);
  });

  it('ignores a recorder call name from another event source', () => {
    expect(targetsOf('config-api-stopconfigurationrecorder', (d) => Object.assign(d, { eventSource: 'example.amazonaws.com' })).ignore).toMatch(/not an AWS Config call/);
  });

  it('checks both backstops and every suppression rule on the sweep', () => {
    const targets = backstopTargets(parseEvent(scheduledEvent('111122223333', 'us-east-1', { id: 'sweep-1', rule: 'chain-guard-dev-protect-backstops-sweep' })));

    expect(targets).toEqual({ recorder: { why: 'scheduled sweep' }, detector: { deleted: false, why: 'scheduled sweep' }, filters: { why: 'scheduled sweep' }, ipSets: { why: 'scheduled sweep' } });
  });

  it('ignores an API call of another remediation', () => {
    expect(backstopTargets(parseEvent(loadEvent('cloudtrail-stoplogging'))).ignore).toMatch(/StopLogging is not handled/);
  });
});
