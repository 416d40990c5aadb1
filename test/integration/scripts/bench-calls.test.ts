/**
 * The benchmark's API call counter: the client factory's onCall hook sees every request a client sends (a middleware
 * on the real SDK client, so against moto here; aws-sdk-client-mock would bypass the middleware stack).
 */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { createCallCounter, perRun, totalCalls } from '../../../scripts/lib/bench/calls';
import { createClients } from '../../../shared/aws/clients';
import { resetEmulator } from '../../support/deps';

const region = 'us-east-1';

beforeEach(resetEmulator);

test('each call a client sends is counted once, by service and operation', async () => {
  // Prepare
  const counter = createCallCounter();
  const clients = createClients({ onCall: counter.onCall });
  // Act
  const groupId = (await clients.ec2(region).send(new CreateSecurityGroupCommand({ GroupName: 'counted', Description: 'counted' }))).GroupId;
  await clients.ec2(region).send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }));
  await clients.ec2(region).send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId!] }));
  await clients.sns(region).send(new ListTopicsCommand({}));
  await clients.sns(region).send(new ListTopicsCommand({}));
  // Assess
  expect(counter.take()).toEqual({ 'ec2:AuthorizeSecurityGroupIngress': 1, 'ec2:CreateSecurityGroup': 1, 'ec2:DescribeSecurityGroups': 1, 'sns:ListTopics': 2 });
});

test('taking the counts starts the count again from zero', async () => {
  // Prepare
  const counter = createCallCounter();
  const clients = createClients({ onCall: counter.onCall });
  await clients.sns(region).send(new ListTopicsCommand({}));
  counter.take();
  // Act
  await clients.sns(region).send(new ListTopicsCommand({}));
  // Assess
  expect(counter.take()).toEqual({ 'sns:ListTopics': 1 });
});

test('counts over several runs are reported per run, and totalled', () => {
  // Prepare
  const counts = { 'ec2:RevokeSecurityGroupIngress': 200, 'sns:Publish': 200, 'ec2:DescribeSecurityGroups': 300 };
  // Act
  const each = perRun(counts, 200);
  // Assess
  expect(each).toEqual({ 'ec2:RevokeSecurityGroupIngress': 1, 'sns:Publish': 1, 'ec2:DescribeSecurityGroups': 1.5 });
  expect(totalCalls(each)).toBe(3.5);
});
