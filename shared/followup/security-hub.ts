/**
 * Resolves the Security Hub control finding that a Security Hub-owned Config rule (`securityhub-<rule>-<hash>`) raised
 * on the fixed resource: workflow status RESOLVED, and a note naming the fix. Security Hub would mark the finding
 * PASSED only after the rule runs again; the note also says who fixed it.
 * Finding: a control finding of a Config-based control carries its rule in `ProductFields."RelatedAWSResources:0/name"`
 * (AWS Security Finding Format, "Control findings": https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cspm-findings-format.html),
 * the resource in `Resources[].Id` (an ARN, or `AWS::::Account:<id>` for account-level controls).
 * Update: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html
 */
import { BatchUpdateFindingsCommand, GetFindingsCommand, type AwsSecurityFinding, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { errorCode, errorMessage } from '../errors';
import type { FollowUp } from '../remediations/result';
import type { FollowUpPlan } from './plan';

const LAG = 'Security Hub may show the finding as open until the control is checked again';
/** Pages of GetFindings read at most (the filters leave one finding per standard, normally a single page). */
const MAX_PAGES = 3;

/** Resolves the resource's open findings of this rule. Never throws: a refusal is a `failed` follow-up, said in the notice. */
export async function resolveFinding(client: SecurityHubClient, plan: FollowUpPlan): Promise<FollowUp> {
  let findings: AwsSecurityFinding[];
  try {
    findings = await openFindings(client, plan);
  } catch (error) {
    const code = errorCode(error);
    // Security Hub is not enabled in this account and region: there is no finding to resolve.
    if (code === 'InvalidAccessException') return { service: 'securityhub', status: 'skipped', summary: `not enabled in ${plan.region}: no finding to resolve` };
    return { service: 'securityhub', status: 'failed', summary: `finding NOT resolved: GetFindings failed (${code}): ${LAG}`, error: errorMessage(error) };
  }
  if (findings.length === 0) return { service: 'securityhub', status: 'skipped', summary: `no open finding of ${plan.ruleName} on ${plan.resourceId} (already resolved or suppressed, or not yet raised)` };
  const names = [...new Set(findings.map(controlOf))].join(', ');
  try {
    const out = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: findings.map((f) => ({ Id: f.Id, ProductArn: f.ProductArn })),
        Note: { Text: plan.note, UpdatedBy: 'chain-guard' },
        Workflow: { Status: 'RESOLVED' },
      }),
    );
    const unprocessed = out.UnprocessedFindings ?? [];
    if (unprocessed.length > 0) {
      const why = unprocessed.map((u) => `${u.ErrorCode ?? 'Error'}: ${u.ErrorMessage ?? ''}`.trim()).join('; ');
      return { service: 'securityhub', status: 'failed', summary: `finding ${names} on ${plan.resourceId} NOT resolved (${why}): ${LAG}`, error: why };
    }
    return { service: 'securityhub', status: 'done', summary: `finding ${names} on ${plan.resourceId} set to RESOLVED, with a note naming this fix` };
  } catch (error) {
    return { service: 'securityhub', status: 'failed', summary: `finding ${names} on ${plan.resourceId} NOT resolved (${errorCode(error)}): ${LAG}`, error: errorMessage(error) };
  }
}

/** The active, failed, not yet resolved or suppressed findings of this rule in this account, on exactly this resource. */
async function openFindings(client: SecurityHubClient, plan: FollowUpPlan): Promise<AwsSecurityFinding[]> {
  const found: AwsSecurityFinding[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const out = await client.send(
      new GetFindingsCommand({
        Filters: {
          AwsAccountId: [{ Value: plan.account, Comparison: 'EQUALS' }],
          Region: [{ Value: plan.region, Comparison: 'EQUALS' }],
          ProductName: [{ Value: 'Security Hub', Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
          WorkflowStatus: [
            { Value: 'NEW', Comparison: 'EQUALS' },
            { Value: 'NOTIFIED', Comparison: 'EQUALS' },
          ],
          ProductFields: [{ Key: 'RelatedAWSResources:0/name', Value: plan.ruleName, Comparison: 'EQUALS' }],
          ResourceId: [{ Value: plan.resourceId, Comparison: 'CONTAINS' }],
        },
        MaxResults: 100,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    // The filters narrow; this decides: the same account, region (an aggregation region also returns other regions'
    // findings, and account-level controls name the same `AWS::::Account:<id>` in each) and rule, raised by Security Hub
    // itself (not a finding imported under its name), and the resource named exactly (CONTAINS would also match
    // sg-0abc1 for sg-0abc, or a trail whose name contains another's).
    found.push(...(out.Findings ?? []).filter((f) => f.AwsAccountId === plan.account && f.Region === plan.region && isSecurityHubProduct(f.ProductArn, plan.region) && f.ProductFields?.['RelatedAWSResources:0/name'] === plan.ruleName && f.Resources?.some((r) => sameResource(r.Id, plan.resourceId))));
    token = out.NextToken;
    if (!token) break;
  }
  return found.slice(0, 100); // BatchUpdateFindings takes at most 100 findings
}

/** A finding's resource id (an ARN, `AWS::::Account:<id>`, or the bare id) names Config's resource id exactly. */
export function sameResource(findingResourceId: string | undefined, configResourceId: string): boolean {
  if (!findingResourceId) return false;
  return findingResourceId === configResourceId || findingResourceId.endsWith(`/${configResourceId}`) || findingResourceId.endsWith(`:${configResourceId}`);
}

/** Security Hub's own product in the region (`arn:<partition>:securityhub:<region>::product/aws/securityhub`). */
function isSecurityHubProduct(productArn: string | undefined, region: string): boolean {
  return new RegExp(`^arn:aws(-[a-z]+)*:securityhub:${region.replace(/[^a-z0-9-]/g, '')}::product/aws/securityhub$`).test(productArn ?? '');
}

function controlOf(finding: AwsSecurityFinding): string {
  return finding.Compliance?.SecurityControlId ?? finding.ProductFields?.ControlId ?? finding.Id ?? 'unknown';
}
