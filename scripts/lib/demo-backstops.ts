/** The demo's backstop scenario: an attacker stops the AWS Config recorder, and protect-backstops restarts it. */
import { ConfigServiceClient, StopConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { createRecorder, prepareRecorderBaseline, recorderState } from './emulator-backstops';
import { loadEvent } from './events';
import type { Scenario } from './demo-scenario';

const REGION = 'us-east-1';

/** A recording recorder (from a recorder baseline, set in the environment as the deployed function has it) is stopped. */
export function backstopScenarios(): Scenario[] {
  const recording = async (): Promise<string> => `Config recorder default: ${(await recorderState(REGION)).recording ? 'RECORDING' : 'NOT RECORDING'}`;
  return [
    {
      title: 'Someone stops the AWS Config recorder (StopConfigurationRecorder), the backstop of a blind trail',
      async setup() {
        const baseline = await prepareRecorderBaseline('chain-guard-demo', REGION);
        Object.assign(process.env, baseline);
        await createRecorder(REGION, baseline);
        await new ConfigServiceClient({ region: REGION }).send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
        return { event: loadEvent('config-api-stopconfigurationrecorder'), state: recording };
      },
    },
  ];
}
