/** Points each test file at its worker's moto server, and starts every file from an empty emulator. */
import 'aws-sdk-client-mock-jest';
import { resetMoto } from '../../scripts/lib/moto';

const urls = (process.env.MOTO_URLS ?? '').split(',').filter(Boolean);
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
const url = urls[(worker - 1) % Math.max(1, urls.length)];
if (url) process.env.AWS_ENDPOINT_URL = url;

beforeAll(async () => {
  if (url) await resetMoto(url);
});
