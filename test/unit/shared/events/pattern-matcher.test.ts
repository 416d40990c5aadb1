import fs from 'node:fs';
import path from 'node:path';
import { matchesPattern, PatternError, validatePattern, type EventPattern } from '../../../../shared/events/pattern-matcher';

// Patterns and events below are taken from the EventBridge user guide ("Amazon EventBridge event patterns",
// "Content filtering in Amazon EventBridge event patterns", "Matching on null values and empty strings",
// "Arrays in EventBridge event patterns") unless a case says otherwise.

type Case = { name: string; pattern: EventPattern; event: unknown; expected: boolean };

const loadFixture = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../../fixtures/aws-events', name), 'utf8')) as Record<string, unknown>;

const ec2StateChange = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const withDetail = (detail: Record<string, unknown>): Record<string, unknown> => ({ ...ec2StateChange, detail });

const runCases = (cases: Case[]): void => {
  it.each(cases)('$name', ({ pattern, event, expected }) => {
    // Prepare
    validatePattern(pattern);

    // Act
    const result = matchesPattern(pattern, event);

    // Assess
    expect(result).toBe(expected);
  });
};

describe('matchesPattern', () => {
  describe('exact values and nested objects', () => {
    const docsPattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };
    runCases([
      { name: 'the documented EC2 pattern matches a terminated-instance event', pattern: docsPattern, event: ec2StateChange, expected: true },
      { name: 'a nested field with another value does not match', pattern: docsPattern, event: withDetail({ state: 'running' }), expected: false },
      { name: 'a pattern field missing from the event does not match', pattern: docsPattern, event: withDetail({}), expected: false },
      { name: 'every pattern field must match, not just one', pattern: { ...docsPattern, source: ['aws.fargate'] }, event: ec2StateChange, expected: false },
      { name: 'a leaf list matches any one of its values', pattern: { source: ['aws.ec2', 'aws.fargate'] }, event: { source: 'aws.fargate' }, expected: true },
      { name: 'string matching is case-sensitive', pattern: { source: ['AWS.EC2'] }, event: ec2StateChange, expected: false },
      { name: 'an empty pattern matches any event', pattern: {}, event: ec2StateChange, expected: true },
      { name: 'an object pattern does not match a scalar field', pattern: { detail: { state: ['terminated'] } }, event: { detail: 'terminated' }, expected: false },
      { name: 'a string pattern value never matches a number', pattern: { n: ['300'] }, event: { n: 300 }, expected: false },
      { name: 'a number pattern value never matches a string', pattern: { n: [300] }, event: { n: '300' }, expected: false },
      { name: 'numbers match by numeric value, so 300 matches 300.0', pattern: { n: [300] }, event: JSON.parse('{"n": 300.0}'), expected: true },
      { name: 'a number in exponent form matches the same value', pattern: { n: [3.018e2] }, event: { n: 301.8 }, expected: true },
      { name: 'a boolean matches the same boolean', pattern: { flag: [false] }, event: { flag: false }, expected: true },
      { name: 'a boolean does not match the other boolean', pattern: { flag: [false] }, event: { flag: true }, expected: false },
      { name: 'a boolean does not match its string form', pattern: { flag: [true] }, event: { flag: 'true' }, expected: false },
    ]);
  });

  describe('null values and empty strings', () => {
    const event = { ...ec2StateChange, resources: [], detail: { eventVersion: '', responseElements: null } };
    runCases([
      { name: '[null] matches a null value', pattern: { detail: { responseElements: [null] } }, event, expected: true },
      { name: '[null] does not match an absent field', pattern: { detail: { requestParameters: [null] } }, event, expected: false },
      { name: '[null] does not match the string "null"', pattern: { detail: { responseElements: [null] } }, event: withDetail({ responseElements: 'null' }), expected: false },
      { name: '[null] does not match an empty event array', pattern: { resources: [null] }, event, expected: false },
      { name: 'an empty string matches an empty string', pattern: { detail: { eventVersion: [''] } }, event, expected: true },
      { name: 'an empty string does not match a null value', pattern: { detail: { responseElements: [''] } }, event, expected: false },
    ]);
  });

  describe('arrays in events', () => {
    const resourcesPattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    const asg = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate';
    const employees = { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] };
    runCases([
      { name: 'a pattern list matches when it shares a value with the event array', pattern: resourcesPattern, event: { resources: [asg, 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] }, expected: true },
      { name: 'a pattern list does not match an event array it shares nothing with', pattern: resourcesPattern, event: { resources: [asg] }, expected: false },
      { name: 'an operator matches when any element of the event array satisfies it', pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, event: { 'detail-type': ['EC2 Instance State-change Notification'] }, expected: true },
      { name: 'a nested pattern matches one object of an event array', pattern: { employees: { firstName: ['Anna'] } }, event: employees, expected: true },
      { name: 'sibling fields must come from the same array element', pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event: employees, expected: false },
      { name: 'a nested pattern looks through arrays of arrays', pattern: { employees: { lastName: ['Jones'] } }, event: { employees: [[employees.employees[0]], [employees.employees[2]]] }, expected: true },
    ]);
  });

  describe('prefix, suffix and equals-ignore-case', () => {
    runCases([
      { name: 'prefix matches a string that starts with it', pattern: { time: [{ prefix: '2017-12-22' }] }, event: ec2StateChange, expected: true },
      { name: 'prefix does not match a string that starts otherwise', pattern: { time: [{ prefix: '2017-10-02' }] }, event: ec2StateChange, expected: false },
      { name: 'prefix does not match a number', pattern: { n: [{ prefix: '3' }] }, event: { n: 300 }, expected: false },
      { name: 'an empty prefix matches any string', pattern: { source: [{ prefix: '' }] }, event: ec2StateChange, expected: true },
      { name: 'prefix with equals-ignore-case ignores the case of the start', pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event: withDetail({ service: 'eVeNtBridge' }), expected: true },
      { name: 'prefix with equals-ignore-case still needs the start to match', pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event: withDetail({ service: 'Lambda' }), expected: false },
      { name: 'suffix matches a string that ends with it', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'image.png' }, expected: true },
      { name: 'suffix is case-sensitive', pattern: { FileName: [{ suffix: '.PNG' }] }, event: { FileName: 'image.png' }, expected: false },
      { name: 'suffix with equals-ignore-case ignores the case of the end', pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, event: withDetail({ FileName: 'image.PNG' }), expected: true },
      { name: 'suffix with equals-ignore-case still needs the end to match', pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, event: withDetail({ FileName: 'image.jpg' }), expected: false },
      { name: 'equals-ignore-case matches the same text in any case', pattern: { detail: { name: [{ 'equals-ignore-case': 'alice' }] } }, event: withDetail({ name: 'ALICE' }), expected: true },
      { name: 'equals-ignore-case does not match other text', pattern: { detail: { name: [{ 'equals-ignore-case': 'alice' }] } }, event: withDetail({ name: 'Alicia' }), expected: false },
      { name: 'prefix does not match an absent field', pattern: { detail: { name: [{ prefix: '' }] } }, event: withDetail({}), expected: false },
    ]);
  });

  describe('anything-but', () => {
    runCases([
      { name: 'anything-but a string matches another string', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: withDetail({ state: 'pending' }), expected: true },
      { name: 'anything-but a string does not match that string', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: withDetail({ state: 'initializing' }), expected: false },
      { name: 'anything-but matches a null value because the field is present', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: withDetail({ state: null }), expected: true },
      { name: 'anything-but does not match an absent field', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: withDetail({}), expected: false },
      { name: 'anything-but a number matches another number', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: withDetail({ 'x-limit': 789 }), expected: true },
      { name: 'anything-but a number does not match that number', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: withDetail({ 'x-limit': 123 }), expected: false },
      { name: 'anything-but a string list matches a string outside it', pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, event: withDetail({ state: 'running' }), expected: true },
      { name: 'anything-but a string list does not match a listed string', pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, event: withDetail({ state: 'overloaded' }), expected: false },
      { name: 'anything-but a number list matches a number outside it', pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, event: withDetail({ 'x-limit': 999 }), expected: true },
      { name: 'anything-but a number list does not match a listed number', pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, event: withDetail({ 'x-limit': 300 }), expected: false },
      { name: 'anything-but prefix matches a string without that prefix', pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: withDetail({ state: 'post-init' }), expected: true },
      { name: 'anything-but prefix does not match a string with that prefix', pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: withDetail({ state: 'initializing' }), expected: false },
      { name: 'anything-but prefix matches a number, which has no prefix', pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: withDetail({ state: 12 }), expected: true },
      { name: 'anything-but suffix matches a string without that suffix', pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] }, event: { FileName: 'file.txt' }, expected: true },
      { name: 'anything-but suffix does not match a string with that suffix', pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] }, event: { FileName: 'image.png' }, expected: false },
      { name: 'anything-but suffix list does not match any listed suffix', pattern: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] }, event: { FileName: 'file.jpg' }, expected: false },
      { name: 'anything-but equals-ignore-case matches other text', pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, event: { state: 'pending' }, expected: true },
      { name: 'anything-but equals-ignore-case does not match the text in another case', pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, event: { state: 'INITIALIZING' }, expected: false },
      { name: 'anything-but equals-ignore-case list does not match a listed value in any case', pattern: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] }, event: { state: 'Stopped' }, expected: false },
      { name: 'anything-but wildcard matches a path outside the glob', pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, event: { FilePath: 'src/app/main.ts' }, expected: true },
      { name: 'anything-but wildcard does not match a path inside the glob', pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, event: { FilePath: 'src/lib/util.ts' }, expected: false },
      { name: 'anything-but wildcard list does not match a path inside any glob', pattern: { FilePath: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] }, event: { FilePath: 'dir/init/dir' }, expected: false },
      { name: 'anything-but matches when any element of an event array is not excluded', pattern: { state: [{ 'anything-but': 'stopped' }] }, event: { state: ['stopped', 'running'] }, expected: true },
    ]);
  });

  describe('numeric', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    runCases([
      { name: 'numeric matches when every field is in range', pattern, event: withDetail({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 }), expected: true },
      { name: 'numeric does not match a value above the upper bound', pattern, event: withDetail({ 'c-count': 6, 'd-count': 9, 'x-limit': 301.8 }), expected: false },
      { name: 'numeric does not match a value equal to an exclusive lower bound', pattern, event: withDetail({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }), expected: false },
      { name: 'numeric equality does not match a different number', pattern, event: withDetail({ 'c-count': 3, 'd-count': 9, 'x-limit': 300 }), expected: false },
      { name: 'numeric does not match a numeric string', pattern: { n: [{ numeric: ['>', 100] }] }, event: { n: '300' }, expected: false },
      { name: 'numeric does not match a null value', pattern: { n: [{ numeric: ['>', 100] }] }, event: { n: null }, expected: false },
      { name: 'numeric accepts >= and a float event value', pattern: { n: [{ numeric: ['>=', 100] }] }, event: { n: 101.5 }, expected: true },
    ]);
  });

  describe('exists', () => {
    const deepPattern = { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } };
    runCases([
      { name: 'exists true matches a present field', pattern: { detail: { state: [{ exists: true }] } }, event: withDetail({ 'instance-id': 'i-abcd1111', state: 'pending' }), expected: true },
      { name: 'exists true matches a present null field', pattern: { detail: { state: [{ exists: true }] } }, event: withDetail({ state: null }), expected: true },
      { name: 'exists true does not match an absent field', pattern: { detail: { state: [{ exists: true }] } }, event: withDetail({ 'c-count': { c1: 100 } }), expected: false },
      { name: 'exists true does not match an object field, which is not a leaf', pattern: { detail: { 'c-count': [{ exists: true }] } }, event: withDetail({ 'c-count': { c1: 100 } }), expected: false },
      { name: 'exists true does not match an empty event array', pattern: { resources: [{ exists: true }] }, event: { ...ec2StateChange, resources: [] }, expected: false },
      { name: 'exists false matches an absent field', pattern: { detail: { 'c-count': [{ exists: false }] } }, event: withDetail({ state: ['initializing', 'running'] }), expected: true },
      { name: 'exists false matches an object field, which is not a leaf', pattern: { detail: { 'c-count': [{ exists: false }] } }, event: withDetail({ 'c-count': { c1: 100 } }), expected: true },
      { name: 'exists false does not match a present field', pattern: { detail: { 'c-count': [{ exists: false }] } }, event: withDetail({ 'c-count': 3 }), expected: false },
      { name: 'exists false matches when a parent object is missing', pattern: deepPattern, event: withDetail({ level1: { level2: 'l2 value' } }), expected: true },
      { name: 'exists false does not match a deep present leaf', pattern: deepPattern, event: withDetail({ level1: { level2: { level3: { level4: 'l4 value' } } } }), expected: false },
      { name: 'exists true matches when one object of an event array has the field', pattern: { detail: { automations: { id: [{ exists: true }] } } }, event: withDetail({ automations: [{ key1: 'v' }, { id: 'x' }] }), expected: true },
      { name: 'exists false combined with anything-but in one leaf matches an absent field', pattern: { a: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } }, event: { a: { N: '789' } }, expected: true },
    ]);
  });

  describe('wildcard', () => {
    runCases([
      { name: 'wildcard matches any run of characters at the star', pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' }, expected: true },
      { name: 'wildcard does not match text that differs outside the stars', pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, event: { EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus' }, expected: false },
      { name: 'wildcard star can span slashes', pattern: { FileName: [{ wildcard: '/Users/*/doc.txt' }] }, event: { FileName: '/Users/ls_user/dir/dir/doc.txt' }, expected: true },
      { name: 'wildcard must match the whole string', pattern: { FileName: [{ wildcard: '/Users/*/doc.txt' }] }, event: { FileName: '/Users/ls_user/doc.txt.bak' }, expected: false },
      { name: 'wildcard star matches an empty run', pattern: { s: [{ wildcard: 'a*b' }] }, event: { s: 'ab' }, expected: true },
      { name: 'an escaped star matches only a literal star', pattern: { s: [{ wildcard: 'a\\*b' }] }, event: { s: 'a*b' }, expected: true },
      { name: 'an escaped star does not act as a wildcard', pattern: { s: [{ wildcard: 'a\\*b' }] }, event: { s: 'axb' }, expected: false },
      { name: 'wildcard treats regex characters literally', pattern: { s: [{ wildcard: 'v1.0*' }] }, event: { s: 'v100' }, expected: false },
      { name: 'wildcard does not match a number', pattern: { s: [{ wildcard: '*' }] }, event: { s: 12 }, expected: false },
    ]);
  });

  describe('cidr', () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
    runCases([
      { name: 'cidr matches an IPv4 address inside the block', pattern, event: withDetail({ sourceIPAddress: '10.0.0.255' }), expected: true },
      { name: 'cidr does not match an IPv4 address outside the block', pattern, event: withDetail({ sourceIPAddress: '10.0.1.1' }), expected: false },
      { name: 'cidr does not match an invalid address', pattern, event: withDetail({ sourceIPAddress: '10.0.0.256' }), expected: false },
      { name: 'cidr does not match a service name used as source IP', pattern, event: withDetail({ sourceIPAddress: 'ec2.amazonaws.com' }), expected: false },
      { name: 'cidr does not match a number', pattern, event: withDetail({ sourceIPAddress: 123 }), expected: false },
      { name: 'cidr matches an IPv6 address inside the block', pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] }, event: { ip: '2001:0db8:1234:1a00:0000:0000:0000:0001' }, expected: true },
      { name: 'cidr does not match an IPv6 address outside the block', pattern: { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] }, event: { ip: '2001:0db8:123f:1a01::' }, expected: false },
    ]);
  });

  describe('$or', () => {
    const pattern: EventPattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    const sourceAndOr: EventPattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    runCases([
      { name: '$or matches when one branch matches', pattern, event: withDetail({ 'c-count': 0, 'd-count': 0, 'x-limit': 901.8 }), expected: true },
      { name: '$or does not match when no branch matches', pattern, event: withDetail({ 'c-count': 0, 'd-count': 10, 'x-limit': 901.8 }), expected: false },
      { name: '$or is combined with sibling fields by AND', pattern: sourceAndOr, event: { source: 'aws.ec2', namespace: 'AWS/EC2' }, expected: false },
      { name: '$or and its siblings match together', pattern: sourceAndOr, event: { source: 'aws.cloudwatch', namespace: 'AWS/ES' }, expected: true },
      { name: 'a $or branch needs all of its own fields', pattern: { $or: [{ a: ['1'], b: ['2'] }, { c: ['3'] }] }, event: { a: '1', b: '9' }, expected: false },
    ]);
  });
});

describe('matchesPattern with real CloudTrail events', () => {
  const pattern: EventPattern = {
    source: ['aws.ec2'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: ['ec2.amazonaws.com'],
      eventName: ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'],
      errorCode: [{ exists: false }],
      $or: [
        { userIdentity: { sessionContext: { sessionIssuer: { userName: [{ exists: false }] } } } },
        { userIdentity: { sessionContext: { sessionIssuer: { userName: [{ 'anything-but': { prefix: 'chain-guard-dev-' } }] } } } },
      ],
    },
  };
  // The assumed-role fixture is a CloudTrail StopLogging call; re-point it at EC2 to exercise the role branch.
  const assumedRoleIngress = (userName: string): Record<string, unknown> => {
    const event = loadFixture('cloudtrail-stoplogging-assumed-role-trail-arn.json');
    const detail = event.detail as { userIdentity: { sessionContext: { sessionIssuer: { userName: string } } } };
    detail.userIdentity.sessionContext.sessionIssuer.userName = userName;
    return { ...event, source: 'aws.ec2', detail: { ...detail, eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress' } };
  };
  const failedIngress = (): Record<string, unknown> => {
    const event = loadFixture('ec2-authorize-sg-ingress-cli-with-rule-ids.json');
    const failed = loadFixture('cloudtrail-updatetrail-failed-trailnotfound.json').detail as Record<string, unknown>;
    const detail = event.detail as Record<string, unknown>;
    return { ...event, detail: { ...detail, errorCode: failed.errorCode, errorMessage: failed.errorMessage, responseElements: null } };
  };

  it.each([
    { name: 'an IAM user opening ingress matches, as it has no session issuer', event: () => loadFixture('ec2-authorize-sg-ingress-cli-with-rule-ids.json'), expected: true },
    { name: 'a human SandboxAdmin role opening ingress matches', event: () => assumedRoleIngress('SandboxAdmin'), expected: true },
    { name: 'the remediation role itself does not match, so its own calls cannot loop', event: () => assumedRoleIngress('chain-guard-dev-us-east-1-revoke-open-ingress'), expected: false },
    { name: 'a failed call carrying an errorCode does not match', event: failedIngress, expected: false },
  ])('$name', ({ event, expected }) => {
    // Prepare
    validatePattern(pattern);
    const input = event();

    // Act
    const result = matchesPattern(pattern, input);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('validatePattern', () => {
  it.each([
    { name: 'a leaf that is a bare string is rejected', pattern: { source: 'aws.ec2' }, path: 'source' },
    { name: 'a leaf that is a bare number is rejected', pattern: { detail: { int: 42 } }, path: 'detail.int' },
    { name: 'an empty leaf array is rejected', pattern: { resources: [] }, path: 'resources' },
    { name: 'an unknown operator is rejected', pattern: { detail: { state: [{ foo: 1 }] } }, path: 'detail.state[0]' },
    { name: 'operator names are case-sensitive', pattern: { key: [{ EXISTS: true }] }, path: 'key[0]' },
    { name: 'an operator object with two keys is rejected', pattern: { key: [{ prefix: 'a', suffix: 'b' }] }, path: 'key[0]' },
    { name: 'a nested array inside a leaf is rejected', pattern: { key: [['a']] }, path: 'key[0]' },
    { name: 'numeric with an odd-length list is rejected', pattern: { n: [{ numeric: ['>', 0, '<'] }] }, path: 'n[0].numeric' },
    { name: 'numeric that is not a list is rejected', pattern: { n: [{ numeric: 10 }] }, path: 'n[0].numeric' },
    { name: 'numeric with an unknown operator is rejected', pattern: { n: [{ numeric: ['!=', 0] }] }, path: 'n[0].numeric[0]' },
    { name: 'numeric with two lower bounds is rejected', pattern: { n: [{ numeric: ['>', 0, '>', 0] }] }, path: 'n[0].numeric' },
    { name: 'numeric with a bound that is not a number is rejected', pattern: { n: [{ numeric: ['<', '10'] }] }, path: 'n[0].numeric[1]' },
    { name: 'numeric with the lower bound above the upper is rejected', pattern: { n: [{ numeric: ['>', 10, '<', 5] }] }, path: 'n[0].numeric' },
    { name: 'prefix given as a list is rejected', pattern: { time: [{ prefix: ['2022'] }] }, path: 'time[0].prefix' },
    { name: 'prefix given as a number is rejected', pattern: { time: [{ prefix: 123 }] }, path: 'time[0].prefix' },
    { name: 'equals-ignore-case given as a list is rejected', pattern: { s: [{ 'equals-ignore-case': ['a'] }] }, path: 's[0].equals-ignore-case' },
    { name: 'exists that is not a boolean is rejected', pattern: { s: [{ exists: 'true' }] }, path: 's[0].exists' },
    { name: 'anything-but null is rejected', pattern: { s: [{ 'anything-but': null }] }, path: 's[0].anything-but' },
    { name: 'anything-but with a mixed list is rejected', pattern: { s: [{ 'anything-but': ['a', 1] }] }, path: 's[0].anything-but' },
    { name: 'anything-but with an unsupported nested operator is rejected', pattern: { s: [{ 'anything-but': { numeric: ['>', 1] } }] }, path: 's[0].anything-but' },
    { name: 'anything-but with an empty prefix is rejected', pattern: { s: [{ 'anything-but': { prefix: '' } }] }, path: 's[0].anything-but.prefix' },
    { name: 'anything-but suffix with equals-ignore-case is rejected', pattern: { s: [{ 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } }] }, path: 's[0].anything-but.suffix' },
    { name: 'wildcard with consecutive stars is rejected', pattern: { s: [{ wildcard: 'arn:**:bus' }] }, path: 's[0].wildcard' },
    { name: 'wildcard escaping a plain character is rejected', pattern: { s: [{ wildcard: 'a\\b' }] }, path: 's[0].wildcard' },
    { name: 'wildcard given as a list is rejected', pattern: { s: [{ wildcard: ['a*'] }] }, path: 's[0].wildcard' },
    { name: 'cidr that is not an IP block is rejected', pattern: { ip: [{ cidr: 'bad-filter' }] }, path: 'ip[0].cidr' },
    { name: 'cidr with a mask that is too long is rejected', pattern: { ip: [{ cidr: '10.0.0.0/33' }] }, path: 'ip[0].cidr' },
    { name: 'cidr given as a list is rejected', pattern: { ip: [{ cidr: ['10.0.0.0/8'] }] }, path: 'ip[0].cidr' },
    { name: '$or with a single branch is rejected', pattern: { $or: [{ a: ['1'] }] }, path: '$or' },
    { name: 'a malformed leaf inside a $or branch is rejected', pattern: { detail: { $or: [{ a: ['1'] }, { b: 'x' }] } }, path: 'detail.$or[1].b' },
  ])('$name', ({ pattern, path: badPath }) => {
    // Prepare
    const validate = (): void => validatePattern(pattern);

    // Act
    const error = (() => {
      try {
        validate();
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(PatternError);
    expect((error as PatternError).name).toBe('PatternError');
    expect((error as PatternError).message).toContain(`at ${badPath}:`);
  });

  it.each([
    { name: 'a pattern that is not an object is rejected', pattern: ['aws.ec2'] },
    { name: 'a null pattern is rejected', pattern: null },
  ])('$name', ({ pattern }) => {
    // Prepare
    const validate = (): void => validatePattern(pattern);

    // Act
    const act = (): void => validate();

    // Assess
    expect(act).toThrow(PatternError);
  });

  it.each([
    { name: 'every documented operator form is accepted', pattern: {
      source: ['aws.ec2', null, 1, true, ''],
      a: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { suffix: 'x' }, { suffix: { 'equals-ignore-case': 'x' } }],
      b: [{ 'equals-ignore-case': 'x' }, { wildcard: 'a*b\\*c\\\\' }, { exists: true }, { cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }],
      c: [{ numeric: ['=', 1] }, { numeric: ['<', 1] }, { numeric: ['>=', 0, '<', 1] }],
      d: [{ 'anything-but': 'x' }, { 'anything-but': 1 }, { 'anything-but': ['a', 'b'] }, { 'anything-but': [1, 2] }],
      e: [{ 'anything-but': { prefix: 'x' } }, { 'anything-but': { suffix: ['x', 'y'] } }, { 'anything-but': { 'equals-ignore-case': ['x'] } }, { 'anything-but': { wildcard: ['*/lib/*'] } }],
      $or: [{ f: ['1'] }, { g: { h: [{ exists: false }] } }],
    } },
  ])('$name', ({ pattern }) => {
    // Prepare
    const validate = (): void => validatePattern(pattern);

    // Act
    const act = (): void => validate();

    // Assess
    expect(act).not.toThrow();
  });
});
