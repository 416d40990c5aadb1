/** Stops the moto servers started by the global setup, whatever the tests' outcome. */
export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.__MOTO_SERVERS__ ?? []).map((server) => server.stop()));
  globalThis.__MOTO_SERVERS__ = undefined;
}
