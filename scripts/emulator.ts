/**
 * npm run emulator [-- --port <port>]
 * Starts the embedded AWS emulator (moto, from the project's .venv) with an alerts topic and a queue subscribed to it,
 * and the stack's history table, prints the variables that point `npm run remediate`, `doctor`, `history`, `undo` and
 * `exemptions` at it, and runs until Ctrl-C.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '../shared/config';
import { quietNodeVersionWarning, runCli } from './lib/cli';
import { createHistoryTable } from './lib/emulator-history';
import { applyTopicBaseline } from './lib/emulator-sns';
import { EXIT, UsageError, type ExitCode } from './lib/exit-code';
import { createInbox } from './lib/inbox';
import { loadRouting } from './lib/invoke';
import { EMULATOR_ACCOUNT, EMULATOR_CREDENTIALS, startMoto } from './lib/moto';
import { shellQuote } from '../shared/aws/cli';

const REGION = 'us-east-1';

async function main(argv: string[]): Promise<ExitCode> {
  const port = portOption(argv);
  quietNodeVersionWarning();
  const moto = await startMoto({ port });
  // The stage's role prefix, as a deployed stack sets it: the topic policy names the stack's roles.
  const stage = { STAGE: 'dev', SELF_ROLE_PREFIX: loadRouting(EMULATOR_ACCOUNT, { stage: 'dev', region: REGION }).rolePrefix };
  const env: Record<string, string> = { AWS_ENDPOINT_URL: moto.url, ...EMULATOR_CREDENTIALS, AWS_REGION: REGION, ...stage };
  Object.assign(process.env, env);
  const inbox = await createInbox(new SNSClient({ region: REGION }), new SQSClient({ region: REGION }), 'chain-guard-dev-alerts', 'ops-inbox');
  // The stack's history table, as deployed: npm run history, undo and exemptions work against it.
  const historyTable = await createHistoryTable(new DynamoDBClient({ region: REGION }), 'chain-guard-dev-history');
  Object.assign(env, { ALERT_TOPIC_ARN: inbox.topicArn, ALERT_SUBSCRIBERS: JSON.stringify([{ protocol: 'sqs', endpoint: inbox.queueArn }]), HISTORY_TABLE_NAME: historyTable });
  // As deployed: the alerts topic carries the baseline policy, so the doctor finds that link whole.
  await applyTopicBaseline(new SNSClient({ region: REGION }), loadConfig(env).topic);
  const say = (text: string): void => void process.stdout.write(`${text}\n`);
  say(`# AWS emulator (moto) on ${moto.url}, account ${EMULATOR_ACCOUNT}: alerts topic ${inbox.topicArn}, read by the SQS queue ops-inbox.`);
  say('# In another shell, export these, then run `npm run doctor`, `npm run remediate -- <event.json>` or `npm run history`:');
  for (const [name, value] of Object.entries(env)) say(`export ${name}=${shellQuote(value)}`);
  say('# Stop with Ctrl-C.');
  await stopped();
  await moto.stop();
  say('# Emulator stopped.');
  return EXIT.done;
}

function portOption(argv: string[]): number | undefined {
  if (argv.length === 0) return undefined;
  const port = Number(argv[1]);
  if (argv[0] !== '--port' || argv.length !== 2 || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError('usage: npm run emulator [-- --port <port>]');
  return port;
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM. */
function stopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}


runCli('emulator', () => main(process.argv.slice(2)));
