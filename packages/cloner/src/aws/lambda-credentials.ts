/**
 * The credential provider the Lambda bundles use in place of `@aws-sdk/credential-provider-node`'s default chain
 * (`tsup.config.ts` aliases that module to this one). Lambda hands every function its execution role's credentials
 * as `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, so the chain's other sources (profiles,
 * SSO, web identity, container and instance metadata, and the STS and SSO clients they bundle) are dead weight:
 * about 120 KB of the cloner's bundle. The library build keeps the SDK's full chain.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

/**
 * What the SDK clients call as `credentialDefaultProvider(config)`: the environment's credentials.
 *
 * @example
 * // tsup.config.ts, Lambda bundles only
 * esbuildOptions(options) { options.alias = { "@aws-sdk/credential-provider-node": "./src/aws/lambda-credentials.ts" }; }
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): ReturnType<typeof fromEnv> =>
  fromEnv(init);
