/** Which security groups and which ingress rules each real-world event concerns. */
import {
  ingressTargets,
  isOpenIngressConfigRule,
  normaliseProtocol,
  type IngressTargets,
} from '../../../../shared/events/security-group';
import { parseEvent } from '../../../../shared/events/trigger';
import { loadEvent } from '../../../../scripts/lib/events';

type Detail = Record<string, unknown>;
const detailOf = (event: Record<string, unknown>): Detail => event.detail as Detail;
const targetsOf = (event: Record<string, unknown>): IngressTargets => ingressTargets(parseEvent(event));

describe('ingressTargets for AuthorizeSecurityGroupIngress', () => {
  it('reads the group, the response rule id and the permission of a CLI call', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      targets: [
        {
          groupId: 'sg-0f63fecfa17ef4fee',
          scope: { kind: 'rules', ruleIds: ['sgr-027eb7c59241731e0'], permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }] },
        },
      ],
    });
  });

  it('reads both the IPv4 and the IPv6 world CIDR of a console call that has no rule ids', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-console-ipv4-ipv6-world');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets).toEqual([
      {
        groupId: 'sg-0db7d4784c4db8612',
        scope: { kind: 'rules', ruleIds: [], permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0', '::/0'] }] },
      },
    ]);
  });

  it('builds the permission from the legacy top-level cidrIp, ipProtocol and ports', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-toplevel-cidrip');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets).toEqual([
      {
        groupId: 'sg-003dc7f1f1c686164',
        scope: { kind: 'rules', ruleIds: ['sgr-09b3e3d2ca1edf2a2'], permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }] },
      },
    ]);
  });

  it('takes the group id from the response when the request names the group by name', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-by-groupname');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets).toEqual([
      {
        groupId: 'sg-0a1b2c3d4e5f67890',
        scope: { kind: 'rules', ruleIds: ['sgr-0b1c2d3e4f5a6b7c8'], permissions: [{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrs: ['0.0.0.0/0'] }] },
      },
    ]);
  });

  it('keeps only the group name when neither the request nor the response carries a group id', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-by-groupname');
    detailOf(event).responseElements = { _return: true, requestId: '0a2c4e6f-8b0d-4f2a-9c4e-6a8c0e2f4a6c' };

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets).toEqual([
      {
        groupName: 'launch-wizard-3',
        scope: { kind: 'rules', ruleIds: [], permissions: [{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrs: ['0.0.0.0/0'] }] },
      },
    ]);
  });

  it('leaves out the rule ids of egress rules in the response', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    const ruleSet = (detailOf(event).responseElements as { securityGroupRuleSet: { items: Detail[] } }).securityGroupRuleSet;
    ruleSet.items.push({ ...ruleSet.items[0], securityGroupRuleId: 'sgr-0egress000000000', isEgress: true });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]?.scope).toEqual(expect.objectContaining({ ruleIds: ['sgr-027eb7c59241731e0'] }));
  });

  it('takes into scope the content of the response\'s ingress rules only, never an egress rule', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    const ruleSet = (detailOf(event).responseElements as { securityGroupRuleSet: { items: Detail[] } }).securityGroupRuleSet;
    ruleSet.items.unshift({ ...ruleSet.items[0], securityGroupRuleId: 'sgr-0egress000000000', isEgress: true, cidrIpv4: '198.51.100.0/24' });

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]?.scope).toEqual({ kind: 'rules', ruleIds: ['sgr-027eb7c59241731e0'], permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }] });
  });

  it('takes into scope no rule of another group than the event\'s', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    const ruleSet = (detailOf(event).responseElements as { securityGroupRuleSet: { items: Detail[] } }).securityGroupRuleSet;
    ruleSet.items[0] = { ...ruleSet.items[0], groupId: 'sg-0other0000000000', cidrIpv4: '198.51.100.0/24' };

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]?.scope).toEqual(expect.objectContaining({ permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }] }));
  });

  it('keeps a response rule\'s content in scope but never pairs it with the ID the response gives it', () => {
    // Prepare: a made-up response naming world-open content on 3389 with the ID of some other rule
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    const ruleSet = (detailOf(event).responseElements as { securityGroupRuleSet: { items: Detail[] } }).securityGroupRuleSet;
    ruleSet.items.push({ ...ruleSet.items[0], securityGroupRuleId: 'sgr-0private00000000', fromPort: 3389, toPort: 3389 });

    // Act
    const scope = targetsOf(event).targets[0]?.scope;

    // Assess
    expect(scope).toEqual({
      kind: 'rules',
      ruleIds: ['sgr-027eb7c59241731e0', 'sgr-0private00000000'],
      permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }, { protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrs: ['0.0.0.0/0'] }],
    });
  });

  it('normalises a numeric protocol in ipPermissions', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    const permission = (detailOf(event).requestParameters as { ipPermissions: { items: Detail[] } }).ipPermissions.items[0] as Detail;
    permission.ipProtocol = '6';

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]?.scope).toEqual(expect.objectContaining({ permissions: [expect.objectContaining({ protocol: 'tcp' })] }));
  });

  it('ignores an event that names no security group at all', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-by-groupname');
    delete (detailOf(event).requestParameters as Detail).groupName;
    detailOf(event).responseElements = { _return: true };

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'the event names no security group' });
  });

  it('ignores a CloudTrail call that does not open ingress', () => {
    // Prepare
    const event = loadEvent('cloudtrail-stoplogging');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'StopLogging does not open ingress' });
  });
});

describe('ingressTargets for ModifySecurityGroupRules', () => {
  it('reads the group, the rule id and the new rule of the single-object form', () => {
    // Prepare
    const event = loadEvent('ec2-modify-security-group-rules');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      targets: [
        {
          groupId: 'sg-0f63fecfa17ef4fee',
          scope: { kind: 'rules', ruleIds: ['sgr-027eb7c59241731e0'], permissions: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'] }] },
        },
      ],
    });
  });

  it('reads every rule of the list form', () => {
    // Prepare
    const event = loadEvent('ec2-modify-security-group-rules');
    const request = (detailOf(event).requestParameters as { ModifySecurityGroupRulesRequest: Detail }).ModifySecurityGroupRulesRequest;
    request.SecurityGroupRule = [
      { SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1', SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' } },
      { SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa2', SecurityGroupRule: { IpProtocol: '-1', CidrIpv6: '::/0' } },
    ];

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets).toEqual([
      {
        groupId: 'sg-0f63fecfa17ef4fee',
        scope: {
          kind: 'rules',
          ruleIds: ['sgr-0aaaaaaaaaaaaaaa1', 'sgr-0aaaaaaaaaaaaaaa2'],
          permissions: [
            { protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['10.0.0.0/8'] },
            { protocol: '-1', cidrs: ['::/0'] },
          ],
        },
      },
    ]);
  });

  it('ignores a ModifySecurityGroupRules request without a GroupId', () => {
    // Prepare
    const event = loadEvent('ec2-modify-security-group-rules');
    delete (detailOf(event).requestParameters as { ModifySecurityGroupRulesRequest: Detail }).ModifySecurityGroupRulesRequest.GroupId;

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'the event names no security group' });
  });
});

describe('ingressTargets for GuardDuty findings', () => {
  it('targets tcp 22 in every group of the brute-forced instance', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({
      instanceId: 'i-081de1d7604b11e4a',
      targets: [{ groupId: 'sg-0225c1ef2723cd87d', scope: { kind: 'ports', ports: [{ port: 22, protocols: ['tcp'] }] } }],
    });
  });

  it('ignores a brute-force finding in which the instance is the OUTBOUND source', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    const action = (detailOf(event).service as { action: { networkConnectionAction: Detail } }).action;
    action.networkConnectionAction.connectionDirection = 'OUTBOUND';

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], instanceId: 'i-081de1d7604b11e4a', ignore: expect.stringContaining('OUTBOUND') });
  });

  it('targets each probed port, over tcp and udp, in both groups of the probed instance', () => {
    // Prepare
    const event = loadEvent('guardduty-portprobe-unprotected-port');

    // Act
    const result = targetsOf(event);

    // Assess
    const ports = [
      { port: 22, protocols: ['tcp', 'udp'] },
      { port: 81, protocols: ['tcp', 'udp'] },
    ];
    expect(result).toEqual({
      instanceId: 'i-036cb01d26bb09166',
      targets: [
        { groupId: 'sg-a534fcd9', scope: { kind: 'ports', ports } },
        { groupId: 'sg-f736fe8b', scope: { kind: 'ports', ports } },
      ],
    });
  });

  it('falls back to port 22 for a brute-force finding that names no local port', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    const action = (detailOf(event).service as { action: { networkConnectionAction: Detail } }).action;
    delete action.networkConnectionAction.localPortDetails;

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result.targets[0]?.scope).toEqual({ kind: 'ports', ports: [{ port: 22, protocols: ['tcp'] }] });
  });

  it('ignores a finding whose instance lists no security group', () => {
    // Prepare
    const event = loadEvent('guardduty-ssh-bruteforce');
    const instance = (detailOf(event).resource as { instanceDetails: Detail }).instanceDetails;
    instance.networkInterfaces = [];

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], instanceId: 'i-081de1d7604b11e4a', ignore: 'the finding lists no security group for the instance' });
  });

  it('ignores a finding type that is not about an exposed instance', () => {
    // Prepare
    const event = loadEvent('guardduty-iam-instance-credential-exfiltration');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: expect.stringContaining('is not about an exposed instance') });
  });
});

describe('ingressTargets for Config compliance changes', () => {
  it('targets the whole security group of a restricted-ssh change', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-sg-restricted-ssh');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [{ groupId: 'sg-0f63fecfa17ef4fee', scope: { kind: 'group' } }] });
  });

  it('ignores a Config change about another resource type', () => {
    // Prepare
    const event = loadEvent('config-compliance-change-cloudtrail-trail');

    // Act
    const result = targetsOf(event);

    // Assess
    expect(result).toEqual({ targets: [], ignore: 'Config resource type AWS::CloudTrail::Trail is not a security group' });
  });
});

describe('normaliseProtocol', () => {
  it.each([
    { label: 'the string "6"', value: '6', expected: 'tcp' },
    { label: 'the string "17"', value: '17', expected: 'udp' },
    { label: 'the string "1"', value: '1', expected: 'icmp' },
    { label: 'the string "-1"', value: '-1', expected: '-1' },
    { label: 'the name "all"', value: 'all', expected: '-1' },
    { label: 'the upper-case name "TCP"', value: 'TCP', expected: 'tcp' },
    { label: 'the name "udp"', value: 'udp', expected: 'udp' },
    { label: 'the number 6', value: 6, expected: 'tcp' },
    { label: 'a missing protocol', value: undefined, expected: '-1' },
  ])('turns $label into $expected', ({ value, expected }) => {
    // Prepare
    const input: unknown = value;

    // Act
    const protocol = normaliseProtocol(input);

    // Assess
    expect(protocol).toBe(expected);
  });
});

describe('isOpenIngressConfigRule', () => {
  it.each([
    { name: 'restricted-ssh', expected: true },
    { name: 'restricted-common-ports', expected: true },
    { name: 'vpc-sg-open-only-to-authorized-ports', expected: true },
    { name: 'securityhub-vpc-sg-open-only-to-authorized-ports-baa2cf8c', expected: true },
    { name: 'securityhub-restricted-ssh-1a2b3c4d', expected: true },
    { name: 'restricted-ssh-custom', expected: false },
    { name: 'securityhub-cloudtrail-enabled-abc', expected: false },
    { name: 'my-restricted-ssh', expected: false },
    { name: 'securityhub-restricted-ssh', expected: false },
  ])('says $expected for $name', ({ name, expected }) => {
    // Prepare
    const ruleName = name;

    // Act
    const result = isOpenIngressConfigRule(ruleName);

    // Assess
    expect(result).toBe(expected);
  });
});
