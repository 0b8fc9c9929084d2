import type { TestContext } from 'node:test';

/**
 * The moto endpoint started by the test command. Under CI=true a missing server fails the test;
 * elsewhere the test is skipped with a message saying what is missing.
 */
export function motoEndpoint(t: TestContext): string | undefined {
  const endpoint = process.env.AWSMON_TEST_MOTO_ENDPOINT;
  if (endpoint) return endpoint;
  if (process.env.CI === 'true') throw new Error('AWSMON_TEST_MOTO_ENDPOINT is not set: run the tests with `npm test`, which starts moto');
  t.skip('moto is not running (run `npm test`, which installs and starts it)');
  return undefined;
}

/** Credentials moto accepts; they never leave this machine. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
