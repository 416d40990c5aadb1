/** The deployed functions' deps (shared/pipeline.ts defaultDeps) under the OU policy, built from the environment. */
import { clientFactory, type ClientOptions } from '../../../shared/aws/clients';
import { resetConfig } from '../../../shared/config';
import { defaultDeps, resetDefaultDeps } from '../../../shared/pipeline';
import { clients as notificationClients } from '../../../functions/protect-notifications/handler';
import { clients as ingressClients } from '../../../functions/revoke-open-ingress/handler';

const saved = { ...process.env };
const ENV = { ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:security-alerts', AWS_REGION: 'us-east-1', ORG_MODE: 'on', ORG_EXTERNAL_ID: 'chain-guard-7f3a9c1e5b2d4f60', ACCOUNT_ID: '111122223333' };

function depsWith(env: Record<string, string>, clients: Parameters<typeof clientFactory>[0]) {
  process.env = { ...saved, ...ENV, ...env };
  resetConfig();
  resetDefaultDeps();
  return defaultDeps((options?: ClientOptions) => clientFactory(clients, options));
}

afterEach(() => {
  process.env = { ...saved };
  resetConfig();
  resetDefaultDeps();
});

it('gives a function acting in members the OU lookup when ORG_OUS is set', () => {
  // Act
  const deps = depsWith({ ORG_OUS: 'ou-ab12-prod0001' }, ingressClients);

  // Assess
  expect(deps.orgUnits).toBeDefined();
});

it('builds the deps of a function that bundles no Organizations client with ORG_OUS set (the client is asked for on first lookup only)', () => {
  // Act
  const build = () => depsWith({ ORG_EXCLUDED_OUS: 'ou-ab12-legacy01' }, notificationClients);

  // Assess
  expect(build).not.toThrow();
});

it('gives no OU lookup, so makes no Organizations call, without ORG_OUS and ORG_EXCLUDED_OUS', () => {
  // Act
  const deps = depsWith({}, ingressClients);

  // Assess
  expect(deps.orgUnits).toBeUndefined();
});
