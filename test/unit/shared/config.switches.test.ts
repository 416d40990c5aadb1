/** REMEDIATION_SWITCHES: validated once, with an error naming the bad entry; unset means REMEDIATION_MODE for all. */
import { ConfigError } from '../../../shared/errors';
import { disabledFunctions, switchFor } from '../../../shared/config-switches';
import { testConfig } from '../../support/deps';

const configError = (env: Record<string, string>): string => {
  try {
    testConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError');
};

it('runs every function in REMEDIATION_MODE when no switch is set', () => {
  const config = testConfig({ REMEDIATION_MODE: 'report' });

  expect(switchFor(config.switches, config.mode, 'restore-alarms')).toEqual({ state: 'report', source: 'REMEDIATION_MODE=report' });
});

it('treats an empty REMEDIATION_SWITCHES (a serverless param left at its default) as no switch', () => {
  expect(testConfig({ REMEDIATION_SWITCHES: '' }).switches).toEqual({ functions: {} });
});

it('gives a named function its own state and names the setting that decided', () => {
  const config = testConfig({ REMEDIATION_SWITCHES: '{"restore-alarms": "disabled", "reenable-trail": "report"}' });

  expect(switchFor(config.switches, config.mode, 'restore-alarms')).toEqual({ state: 'disabled', source: 'REMEDIATION_SWITCHES restore-alarms=disabled' });
  expect(switchFor(config.switches, config.mode, 'reenable-trail', '111122223333')).toEqual({ state: 'report', source: 'REMEDIATION_SWITCHES reenable-trail=report' });
});

it('lists the switched-off functions in the stack order', () => {
  const config = testConfig({ REMEDIATION_SWITCHES: '{"protect-backstops": "disabled", "revoke-open-ingress": "disabled", "restore-alarms": "enforce"}' });

  expect(disabledFunctions(config.switches)).toEqual(['revoke-open-ingress', 'protect-backstops']);
});

it('refuses a function the stack does not have, naming it', () => {
  expect(configError({ REMEDIATION_SWITCHES: '{"revoke-ingress": "disabled"}' })).toMatch(/REMEDIATION_SWITCHES names "revoke-ingress", not a function of the stack/);
});

it('refuses a state other than disabled, report or enforce', () => {
  expect(configError({ REMEDIATION_SWITCHES: '{"restore-alarms": "off"}' })).toMatch(/REMEDIATION_SWITCHES restore-alarms must be one of disabled, report, enforce/);
});

it('refuses text that is not a JSON object', () => {
  expect(configError({ REMEDIATION_SWITCHES: 'restore-alarms=disabled' })).toMatch(/REMEDIATION_SWITCHES must be a JSON object/);
  expect(configError({ REMEDIATION_SWITCHES: '["restore-alarms"]' })).toMatch(/REMEDIATION_SWITCHES/);
});
