/** loadConfig INGRESS_BROADEST_PUBLIC_PREFIX_V4 / _V6: off by default, a prefix length when set, a clear error otherwise. */
import { ConfigError } from '../../../shared/errors';
import { loadConfig } from '../../../shared/config';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const minimal = (env: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({ ALERT_TOPIC_ARN: TOPIC, ...env });

describe('loadConfig broadest public prefix', () => {
  it('sets no limit by default', () => {
    // Prepare
    const env = minimal();

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.broadestPublicPrefix).toEqual({});
  });

  it('reads the IPv4 and IPv6 prefix lengths', () => {
    // Prepare
    const env = minimal({ INGRESS_BROADEST_PUBLIC_PREFIX_V4: '8', INGRESS_BROADEST_PUBLIC_PREFIX_V6: '32' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.broadestPublicPrefix).toEqual({ IPv4: 8, IPv6: 32 });
  });

  it('treats an empty value as unset', () => {
    // Prepare
    const env = minimal({ INGRESS_BROADEST_PUBLIC_PREFIX_V4: '', INGRESS_BROADEST_PUBLIC_PREFIX_V6: '' });

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.broadestPublicPrefix).toEqual({});
  });

  it.each([
    { variable: 'INGRESS_BROADEST_PUBLIC_PREFIX_V4', value: '0', range: '1 to 32' },
    { variable: 'INGRESS_BROADEST_PUBLIC_PREFIX_V4', value: '33', range: '1 to 32' },
    { variable: 'INGRESS_BROADEST_PUBLIC_PREFIX_V4', value: '/8', range: '1 to 32' },
    { variable: 'INGRESS_BROADEST_PUBLIC_PREFIX_V6', value: '129', range: '1 to 128' },
    { variable: 'INGRESS_BROADEST_PUBLIC_PREFIX_V6', value: 'wide', range: '1 to 128' },
  ])('throws a ConfigError naming $variable and its range for "$value"', ({ variable, value, range }) => {
    // Prepare
    const env = minimal({ [variable]: value });

    // Act
    const act = (): unknown => loadConfig(env);

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(`${variable} must be a prefix length from ${range}`);
  });
});
