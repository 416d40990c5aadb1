/**
 * The raw AWS CLI undo commands each notice prints, run in the printed order with the real AWS CLI against moto: they
 * put back what the remediation changed (the rules with their descriptions, a trail stopped before it is deleted).
 */
import { CloudTrailClient, DeleteTrailCommand, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { handleEvent } from '../../../shared/pipeline';
import { openIngress } from '../../../shared/remediations/open-ingress';
import { trailProtection } from '../../../shared/remediations/trail';
import { createGroup } from '../../../scripts/lib/emulator-ec2';
import { createTrail, prepareBaseline } from '../../../scripts/lib/emulator-trail';
import { loadEvent, withIds } from '../../../scripts/lib/events';
import { createInbox, type Inbox } from '../../../scripts/lib/inbox';
import { printedUndo, runCommands } from '../../support/aws-cli';
import { motoDeps, resetEmulator } from '../../support/deps';
import { historyPlace } from '../../support/history';

const ec2 = new EC2Client({ region: 'us-east-1' });
const east = new CloudTrailClient({ region: 'us-east-1' });
let inbox: Inbox;
let table: string;
let n = 0;

beforeEach(async () => {
  await resetEmulator();
  n += 1;
  inbox = await createInbox(new SNSClient({ region: 'us-east-1' }), new SQSClient({ region: 'us-east-1' }), `cli-alerts-${n}`, `cli-ops-${n}`);
  table = (await historyPlace()).table;
});

async function shapes(groupId: string): Promise<string[]> {
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? [];
  return rules.filter((r) => !r.IsEgress).map((r) => `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? r.CidrIpv6} "${r.Description ?? ''}"`).sort();
}

it('puts revoked IPv4 and IPv6 rules back with their descriptions', async () => {
  const groupId = await createGroup(ec2, `cli-${n}`, [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: "vendor's SSH" }], Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'v6' }] }]);
  const before = await shapes(groupId);
  const event = withIds(loadEvent('config-compliance-change-sg-restricted-ssh'), { 'sg-0f63fecfa17ef4fee': groupId });
  await handleEvent(openIngress, event, motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: table }));
  const [notice] = await inbox.drain();
  const commands = printedUndo(notice?.message ?? '');

  runCommands(commands);

  expect(commands).toHaveLength(2);
  expect(await shapes(groupId)).toEqual(before);
});

it('stops a recreated trail, then deletes it, in the printed order', async () => {
  const baseline = await prepareBaseline(`cli-${n}`, 'us-east-1');
  const name = baseline.TRAIL_NAME ?? '';
  await createTrail('us-east-1', name, baseline.TRAIL_S3_BUCKET ?? '');
  await east.send(new DeleteTrailCommand({ Name: name }));
  const event = withIds(loadEvent('cloudtrail-deletetrail'), { 'stratus-red-team-cloudtraild-trail-kvrwohmiai': name });
  await handleEvent(trailProtection, event, motoDeps({ ALERT_TOPIC_ARN: inbox.topicArn, HISTORY_TABLE_NAME: table, ...baseline }));
  const [notice] = await inbox.drain();
  const commands = printedUndo(notice?.message ?? '');

  runCommands(commands);

  expect(commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['aws cloudtrail stop-logging', 'aws cloudtrail delete-trail']);
  expect(((await east.send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => t.Name)).not.toContain(name);
});
