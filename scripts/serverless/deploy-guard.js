'use strict';
/**
 * Serverless plugin: refuses to package or deploy a stack that would be silently half-armed or lock its owner out.
 *
 * - No baseline trail (trailName + trailS3Bucket) or no alarm log group (alarmLogGroupName or trailLogGroupArn):
 *   refused unless `--param="allowPartialBaseline=true"` (the sweeps then send a WARNING once a day).
 * - No topicAdminArns: refused. The alerts topic's policy denies policy changes and deletion to everyone but the repair
 *   role, the root user and these admins: without them the next deploy that touches the policy, and `serverless
 *   remove`, would be refused.
 * - alarmLogGroupName and trailLogGroupArn naming two log groups: refused. The CIS filters would watch a log group the
 *   baseline trail does not write to (reenable-trail pins the trail's group; restore-alarms keeps the filters on the
 *   other): every alarm would stay silent, and neither function can see the other's setting at run time.
 * - Each function's environment, as deployed, must pass the functions' own configuration check (shared/config.ts
 *   loadConfig): a bad value fails the deploy with the message the function would log.
 * - orgEventBus (organization mode) without orgId: refused (the bus policy admits one organization's accounts).
 * - Each function's reserved concurrency (params ingressConcurrency, repairConcurrency) must be a positive integer:
 *   0 would have Lambda throttle every invocation, a silent off switch. A function with a sweep queue needs more than
 *   the queue's maximum concurrency: else the sweep's workers are throttled into the dead-letter queue.
 */

/** A stand-in for values CloudFormation fills in at deploy time (Ref, Fn::GetAtt...). */
function placeholder(name, value, context) {
  if (typeof value === 'string') return value;
  if (name === 'ACCOUNT_ID') return '000000000000';
  if (name.endsWith('_ARN')) return `arn:aws:sns:${context.region}:000000000000:${context.service}-${context.stage}-alerts`;
  if (name.endsWith('_QUEUE_URL')) return `https://sqs.${context.region}.amazonaws.com/000000000000/${context.service}-${context.stage}-sweep`;
  return 'deploy-time-value';
}

/** Every reason to refuse this stack (empty: it may be deployed). `loadConfig` is shared/config.ts's. */
function guardProblems(service, loadConfig) {
  const context = { region: service.provider.region, stage: service.provider.stage, service: service.service };
  const settings = (service.custom && service.custom.deployGuard) || {};
  const problems = [];
  const envOf = (fn) => {
    const merged = { ...(service.provider.environment || {}), ...((service.functions[fn] || {}).environment || {}) };
    const env = { AWS_REGION: context.region };
    for (const [name, value] of Object.entries(merged)) env[name] = placeholder(name, value, context);
    return env;
  };
  for (const fn of Object.keys(service.functions || {})) {
    try {
      loadConfig(envOf(fn));
    } catch (error) {
      problems.push(`${fn}: ${error.message}`);
    }
    const reserved = service.functions[fn].reservedConcurrency;
    if (reserved !== undefined && !/^[1-9][0-9]*$/.test(String(reserved))) {
      problems.push(`${fn}: reserved concurrency must be a positive integer, got "${reserved}" (0 would stop the function: every invocation throttled)`);
    }
    const sweepQueue = ((service.functions[fn].events || []).find((e) => e.sqs) || {}).sqs;
    if (/^[1-9][0-9]*$/.test(String(reserved)) && sweepQueue && sweepQueue.maximumConcurrency !== undefined && Number(reserved) <= Number(sweepQueue.maximumConcurrency)) {
      problems.push(`${fn}: reserved concurrency ${reserved} must be larger than its sweep queue's maximum concurrency ${sweepQueue.maximumConcurrency}: Lambda would throttle the queue's invocations (a throttled invocation counts as a receive: the target is dead-lettered and reported "no answer") and leave nothing for events`);
    }
  }
  const trail = envOf('reenable-trail');
  const alarms = envOf('restore-alarms');
  const missing = [];
  if (!trail.TRAIL_NAME || !trail.TRAIL_S3_BUCKET) missing.push('no baseline trail (params trailName and trailS3Bucket): a deleted trail could not be recreated');
  if (!alarms.ALARM_LOG_GROUP_NAME && !alarms.TRAIL_CLOUDWATCH_LOG_GROUP_ARN) missing.push('no alarm log group (param alarmLogGroupName, or trailLogGroupArn): no CIS metric filter or alarm would be kept');
  if (missing.length > 0 && String(settings.allowPartialBaseline) !== 'true') {
    problems.push(`half-armed stack: ${missing.join('; ')}. Set them, or deploy anyway with --param="allowPartialBaseline=true" (the sweeps then send a WARNING once a day).`);
  }
  const trailGroup = (/:log-group:([^:]+)(?::\*)?$/.exec(trail.TRAIL_CLOUDWATCH_LOG_GROUP_ARN || '') || [])[1];
  if (alarms.ALARM_LOG_GROUP_NAME && trailGroup && alarms.ALARM_LOG_GROUP_NAME !== trailGroup) {
    problems.push(`alarmLogGroupName ${alarms.ALARM_LOG_GROUP_NAME} is not the log group the baseline trail delivers to (trailLogGroupArn: ${trailGroup}): the CIS metric filters would watch a log group nobody writes to. Set them to the same group, or leave alarmLogGroupName unset (the trail's group is then used).`);
  }
  const bus = envOf('revoke-open-ingress').ORG_EVENT_BUS;
  if (bus && bus !== 'default' && !/^o-[a-z0-9]{10,32}$/.test(String(settings.orgId || ''))) {
    problems.push(`orgEventBus ${bus} without orgId: the central bus accepts events from the accounts of one organization only (aws:PrincipalOrgID). Pass --param="orgId=o-xxxxxxxxxx" (aws organizations describe-organization).`);
  }
  if (!envOf('protect-notifications').TOPIC_ADMIN_ARNS) {
    problems.push('topicAdminArns is empty: the alerts topic policy denies policy changes and deletion to all but the repair role and root, so your next deploy and `serverless remove` would be refused. Pass your deployment role: --param="topicAdminArns=arn:aws:iam::<account>:role/<deployer>".');
  }
  return problems;
}

/**
 * Organization mode: the framework creates the central bus from the rules' eventBus, under a logical id of its own;
 * the bus policy (serverless.yml OrgEventBusPolicy) must wait for it.
 */
function orderOrgBusPolicy(template) {
  const policy = template.Resources && template.Resources.OrgEventBusPolicy;
  if (!policy) return;
  const bus = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Events::EventBus' && r.Properties && r.Properties.Name === policy.Properties.EventBusName);
  if (bus) policy.DependsOn = bus[0];
}

class DeployGuard {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:initialize': () => this.check(),
      'before:aws:package:finalize:saveServiceState': () => orderOrgBusPolicy(this.serverless.service.provider.compiledCloudFormationTemplate),
    };
  }

  check() {
    // The functions' own check, in TypeScript: loaded through tsx (a dev dependency, present where one deploys).
    const { loadConfig } = require('tsx/cjs/api').require('../../shared/config.ts', __filename);
    const problems = guardProblems(this.serverless.service, loadConfig);
    if (problems.length > 0) {
      throw new this.serverless.classes.Error(`chain-guard refuses this deployment:\n  - ${problems.join('\n  - ')}`);
    }
  }
}

module.exports = DeployGuard;
module.exports.guardProblems = guardProblems;
