/** The follow-ups (Config re-evaluation, Security Hub finding) read the same in the e-mail text and the chat notice. */
import { loadEvent } from '../../../../scripts/lib/events';
import { parseEvent } from '../../../../shared/events/trigger';
import { buildNotification } from '../../../../shared/notify/message';
import type { RemediationResult } from '../../../../shared/remediations/result';
import { summarise } from '../../../../shared/remediations/summary';

const GROUP = 'sg-0f63fecfa17ef4fee';

function remediated(followUps: RemediationResult['followUps']): RemediationResult {
  return {
    remediation: 'revoke-open-ingress',
    headline: `Public ingress revoked on ${GROUP}`,
    outcome: 'remediated',
    verified: true,
    resource: { type: 'AWS::EC2::SecurityGroup', id: GROUP, account: '111122223333', region: 'us-east-1' },
    actions: [],
    kept: [],
    reason: 'Revoked 1 world-open ingress rule(s)',
    trigger: summarise(parseEvent(loadEvent('config-compliance-change-sg-restricted-ssh'))),
    ...(followUps ? { followUps } : {}),
  };
}

const refused = [{ service: 'config' as const, status: 'failed' as const, summary: 'rule restricted-ssh re-evaluation NOT started (LimitExceededException): the Config console and Security Hub may show NON_COMPLIANT until the rule runs again', error: 'too many' }];

it('shows a refused re-evaluation in the readable text, with its error', () => {
  const { body } = buildNotification(remediated(refused));

  expect(body).toContain('Follow-up: AWS Config: rule restricted-ssh re-evaluation NOT started (LimitExceededException): the Config console and Security Hub may show NON_COMPLIANT until the rule runs again [too many]');
});

it('shows the same line in the chat notice', () => {
  const { bodies } = buildNotification(remediated(refused));

  expect(JSON.parse(bodies?.https ?? '{}').content.description).toContain('*Follow-up:* AWS Config: rule restricted-ssh re-evaluation NOT started (LimitExceededException)');
});

it('shows no follow-up line for a result without follow-ups', () => {
  const { body } = buildNotification(remediated(undefined));

  expect(body).not.toContain('Follow-up');
});
