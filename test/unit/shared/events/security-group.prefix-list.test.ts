/** Ingress opened from a managed prefix list: the event's permission names the prefix list as its source. */
import { ingressTargets, type IngressScope } from '../../../../shared/events/security-group';
import { parseEvent } from '../../../../shared/events/trigger';
import { loadEvent } from '../../../../scripts/lib/events';

type Detail = Record<string, unknown>;
const permissionsOf = (event: Record<string, unknown>): unknown => {
  const scope = ingressTargets(parseEvent(event)).targets[0]?.scope as Extract<IngressScope, { kind: 'rules' }> | undefined;
  return scope?.permissions;
};

describe('ingressTargets for a prefix-list source', () => {
  it('reads the prefix-list ID of an AuthorizeSecurityGroupIngress permission as a source', () => {
    // Prepare
    const event = loadEvent('ec2-authorize-sg-ingress-cli-with-rule-ids');
    const item = ((event.detail as Detail).requestParameters as { ipPermissions: { items: Detail[] } }).ipPermissions.items[0] as Detail;
    Object.assign(item, { ipRanges: {}, prefixListIds: { items: [{ prefixListId: 'pl-0123456789abcdef0' }] } });
    const answered = ((event.detail as Detail).responseElements as { securityGroupRuleSet: { items: Detail[] } }).securityGroupRuleSet.items[0] as Detail;
    delete answered.cidrIpv4;
    answered.prefixListId = 'pl-0123456789abcdef0';

    // Act
    const permissions = permissionsOf(event);

    // Assess
    expect(permissions).toEqual([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['pl-0123456789abcdef0'] }]);
  });

  it('reads the PrefixListId of a ModifySecurityGroupRules rule as a source', () => {
    // Prepare
    const event = loadEvent('ec2-modify-security-group-rules');
    const request = ((event.detail as Detail).requestParameters as { ModifySecurityGroupRulesRequest: Detail }).ModifySecurityGroupRulesRequest;
    request.SecurityGroupRule = { SecurityGroupRuleId: 'sgr-027eb7c59241731e0', SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListId: 'pl-0123456789abcdef0' } };

    // Act
    const permissions = permissionsOf(event);

    // Assess
    expect(permissions).toEqual([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['pl-0123456789abcdef0'] }]);
  });
});
