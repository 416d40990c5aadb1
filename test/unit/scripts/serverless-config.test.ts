/** The local reading of serverless.yml resolves variables as the framework does for what the tools use. */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerless } from '../../../scripts/lib/serverless-config';

function load(yaml: string, stage = 'dev'): Record<string, unknown> {
  const file = join(mkdtempSync(join(tmpdir(), 'sls-')), 'serverless.yml');
  writeFileSync(file, yaml);
  return loadServerless({ file, stage });
}

const YAML = [
  'service: demo',
  'params:',
  '  default:',
  '    mode: enforce',
  '  prod:',
  '    topic: arn:aws:sns:us-east-1:111122223333:prod-alerts',
  'custom:',
  '  prefix: ${self:service}-${sls:stage}-',
  '  topicRef:',
  '    Ref: AlertsTopic',
  'value:',
  '  topic: ${param:topic, self:custom.topicRef}',
  '  mode: ${param:mode}',
  '  role: ${self:custom.prefix}${aws:region}-fn',
  '  sub: arn:${AWS::Partition}:logs:${AWS::Region}',
].join('\n');

it('resolves a whole-value variable whose fallback is an object reference to that object', () => {
  expect((load(YAML).value as Record<string, unknown>).topic).toEqual({ Ref: 'AlertsTopic' });
});

it('prefers the stage parameter over the fallback', () => {
  expect((load(YAML, 'prod').value as Record<string, unknown>).topic).toBe('arn:aws:sns:us-east-1:111122223333:prod-alerts');
});

it('resolves nested string variables and leaves CloudFormation substitutions alone', () => {
  expect(load(YAML).value).toEqual(expect.objectContaining({ mode: 'enforce', role: 'demo-dev-us-east-1-fn', sub: 'arn:${AWS::Partition}:logs:${AWS::Region}' }));
});
