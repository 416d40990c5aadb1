/** The trail baseline: trail ARNs and names. */
import { parseTrailArn, trailName } from '../../../../shared/baseline/trail';

describe('parseTrailArn', () => {
  it('reads the region, account and name of a trail ARN', () => {
    // Prepare
    const arn = 'arn:aws:cloudtrail:us-west-2:111122223333:trail/TEST-trail';

    // Act
    const parsed = parseTrailArn(arn);

    // Assess
    expect(parsed).toEqual({ region: 'us-west-2', account: '111122223333', name: 'TEST-trail' });
  });

  it('reads a trail ARN of another partition', () => {
    // Prepare
    const arn = 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/gov-trail';

    // Act
    const parsed = parseTrailArn(arn);

    // Assess
    expect(parsed).toEqual({ region: 'us-gov-west-1', account: '111122223333', name: 'gov-trail' });
  });

  it('returns undefined for a plain trail name', () => {
    // Prepare
    const ref = 'management-events';

    // Act
    const parsed = parseTrailArn(ref);

    // Assess
    expect(parsed).toBeUndefined();
  });

  it('returns undefined for the ARN of another service', () => {
    // Prepare
    const ref = 'arn:aws:sns:us-east-1:111122223333:security-alerts';

    // Act
    const parsed = parseTrailArn(ref);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('trailName', () => {
  it('returns the name inside a trail ARN', () => {
    // Prepare
    const ref = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-management-trail';

    // Act
    const name = trailName(ref);

    // Assess
    expect(name).toBe('org-management-trail');
  });

  it('returns a plain name as it is', () => {
    // Prepare
    const ref = 'stratus-red-team-ct-stop-trail-buykxbqejv';

    // Act
    const name = trailName(ref);

    // Assess
    expect(name).toBe('stratus-red-team-ct-stop-trail-buykxbqejv');
  });
});
