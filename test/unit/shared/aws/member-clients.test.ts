/**
 * The member-account credentials cache. aws-sdk-client-mock here because moto cannot be told to expire credentials or
 * to throttle STS, and its AssumeRole does not count calls; what AssumeRole accepts is tested on moto
 * (test/integration/org/*.test.ts).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createMemberAccess, MemberRoleError } from '../../../../shared/aws/member-clients';
import { createClients } from '../../../../shared/aws/clients';

const sts = mockClient(STSClient);
let clock = Date.parse('2026-12-06T03:00:00Z');

function credentials(expiresInMs: number) {
  return { Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(clock + expiresInMs) } };
}

function access() {
  return createMemberAccess({ partition: 'aws', region: 'us-east-1', buildClients: createClients, roleName: 'chain-guard-prod-member', externalId: 'chain-guard-7f3a9c1e5b2d4f60', sts: new STSClient({ region: 'us-east-1' }), now: () => clock });
}

beforeEach(() => {
  sts.reset();
  clock = Date.parse('2026-12-06T03:00:00Z');
});

it('assumes the member role of the account, with the external id and a session named after the function', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(credentials(900_000));

  // Act
  await access().clients('444455556666', 'chain-guard-prod-revoke-open-ingress');

  // Assess
  expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
    { RoleArn: 'arn:aws:iam::444455556666:role/chain-guard-prod-member', RoleSessionName: 'chain-guard-prod-revoke-open-ingress', ExternalId: 'chain-guard-7f3a9c1e5b2d4f60', DurationSeconds: 900 },
  ]);
});

it('assumes the role once for several events in the same account while the credentials are fresh', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(credentials(900_000));
  const members = access();

  // Act
  await Promise.all([members.clients('444455556666', 'fn'), members.clients('444455556666', 'fn')]);
  clock += 60_000;
  await members.clients('444455556666', 'fn');

  // Assess
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
});

it('gives the same clients to two events in the same account, so region clients are reused', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(credentials(900_000));
  const members = access();

  // Act
  const first = await members.clients('444455556666', 'fn');
  const second = await members.clients('444455556666', 'fn');

  // Assess
  expect(second.ec2('eu-west-1')).toBe(first.ec2('eu-west-1'));
});

it('assumes each account role apart', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(credentials(900_000));
  const members = access();

  // Act
  await members.clients('444455556666', 'fn');
  await members.clients('777788889999', 'fn');

  // Assess
  expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual(['arn:aws:iam::444455556666:role/chain-guard-prod-member', 'arn:aws:iam::777788889999:role/chain-guard-prod-member']);
});

it('assumes the role again when the credentials are within five minutes of expiring', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).resolves(credentials(900_000));
  const members = access();
  await members.clients('444455556666', 'fn');

  // Act
  clock += 601_000;
  await members.clients('444455556666', 'fn');

  // Assess
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
});

it('says AccessDenied on AssumeRole is a denial, naming the account and the role', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User: x is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));

  // Act
  const error = await access().clients('444455556666', 'fn').catch((e: unknown) => e);

  // Assess
  expect(error).toBeInstanceOf(MemberRoleError);
  expect(error).toMatchObject({ denied: true, account: '444455556666', roleArn: 'arn:aws:iam::444455556666:role/chain-guard-prod-member' });
});

it('does not call throttling a denial, so the event is retried rather than skipped', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

  // Act
  const error = await access().clients('444455556666', 'fn').catch((e: unknown) => e);

  // Assess
  expect(error).toMatchObject({ denied: false, code: 'Throttling' });
});

it('tries again on the next event after a failed AssumeRole', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDenied' })).resolves(credentials(900_000));
  const members = access();
  await members.clients('444455556666', 'fn').catch(() => undefined);

  // Act
  await members.clients('444455556666', 'fn');

  // Assess
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
});
