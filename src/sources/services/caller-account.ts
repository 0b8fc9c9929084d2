import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AuthOptions } from '../../config/types.ts';
import type { Logger } from '../../core/index.ts';
import { awsClientConfig } from '../aws-client.ts';
import { serviceError } from './service-error.ts';

/**
 * The account the service's credentials (the assumed role's, when one is set) belong to, from
 * STS GetCallerIdentity in the region, as Wazuh does per service and region. It keys the
 * service's stored positions.
 */
export async function callerAccount(auth: AuthOptions, region: string, logger?: Logger): Promise<string> {
  const client = new STSClient(awsClientConfig(auth, { service: 'sts', region, logger }));
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}));
    if (identity.Account === undefined) throw new Error('GetCallerIdentity returned no account');
    return identity.Account;
  } catch (err) {
    throw serviceError(err, `region '${region}': sts:GetCallerIdentity`);
  } finally {
    client.destroy();
  }
}
