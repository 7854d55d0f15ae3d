/**
 * The standard AWS settings of an environment (`AWS_REGION`, `AWS_ENDPOINT_URL…`, `AWS_ACCESS_KEY_ID`…) as client
 * options, read from the environment the CLI is given rather than `process.env`, so `runs` and `doctor` read the
 * same settings the same way and their tests point them at moto without touching the process's environment.
 */

/**
 * An environment's variables.
 *
 * @example
 * const env: AwsEnvironment = { AWS_REGION: "eu-west-1" };
 */
export type AwsEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The `credentials` option of the keys in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`)
 * when both are set; else no option, so the SDK's default chain (profiles, SSO) applies.
 *
 * @example
 * credentialsOption({ AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "secret" });
 * // { credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } }
 */
export function credentialsOption(env: AwsEnvironment) {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return accessKeyId && secretAccessKey
    ? {
        credentials: {
          accessKeyId,
          secretAccessKey,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        },
      }
    : {};
}

/**
 * The `endpoint` option of a service: its own `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, else none.
 *
 * @example
 * endpointOption({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }, "DYNAMODB"); // { endpoint: "http://127.0.0.1:5000" }
 */
export function endpointOption(env: AwsEnvironment, service: string): { endpoint?: string } {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  return endpoint ? { endpoint } : {};
}

/**
 * The region of `env`: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `fallback` (the config's `app.region`).
 *
 * @example
 * regionOf({ AWS_DEFAULT_REGION: "eu-west-1" }, "us-east-1"); // "eu-west-1"
 */
export function regionOf(env: AwsEnvironment, fallback: string | undefined): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || fallback;
}
