/** npm run deploy:regions: one deploy per region, us-east-1 first, the same stage and params everywhere. */
import { parseRegionsArgs, regionCommands } from '../../../scripts/lib/deploy-regions';

it('deploys us-east-1 first, then the other regions, passing the serverless arguments to each', () => {
  // Prepare
  const options = parseRegionsArgs(['--stage', 'prod', '--', '--param=topicAdminArns=arn:aws:iam::111122223333:role/deployer']);

  // Act
  const commands = regionCommands(['eu-west-1', 'us-east-1', 'ap-south-1'], options);

  // Assess
  expect(commands.map((c) => c.join(' '))).toEqual([
    'serverless deploy --stage prod --region us-east-1 --param=topicAdminArns=arn:aws:iam::111122223333:role/deployer',
    'serverless deploy --stage prod --region ap-south-1 --param=topicAdminArns=arn:aws:iam::111122223333:role/deployer',
    'serverless deploy --stage prod --region eu-west-1 --param=topicAdminArns=arn:aws:iam::111122223333:role/deployer',
  ]);
});

it('refuses a region list without us-east-1, where the global services events appear', () => {
  // Prepare
  const options = parseRegionsArgs(['--stage', 'prod', '--regions', 'eu-west-1']);

  // Act
  const attempt = () => regionCommands(options.regions ?? [], options);

  // Assess
  expect(attempt).toThrow(/us-east-1 must be among the regions/);
});

it('refuses a run without a stage', () => {
  // Act
  const attempt = () => parseRegionsArgs(['--regions', 'us-east-1']);

  // Assess
  expect(attempt).toThrow(/--stage is required/);
});

it('refuses a region name that is not one', () => {
  // Act
  const attempt = () => parseRegionsArgs(['--stage', 'prod', '--regions', 'us-east-1,mars']);

  // Assess
  expect(attempt).toThrow(/"mars" is not a region name/);
});
