/** A Secrets Manager secret's string, read once per Lambda instance (a cold start), never logged. */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * Reads a secret's `SecretString` on first use and keeps it for the instance's life; a failed read is not kept, so
 * the next invocation reads again. Rotating the secret reaches a function at its next cold start.
 *
 * @example
 * const webhookSecret = secretOnce(secretsManager, process.env[GITHUB_ENVIRONMENT.webhookSecret] ?? "");
 * const secret = await webhookSecret(); // one GetSecretValue per cold start
 */
export function secretOnce(client: SecretsManagerClient, secretId: string): () => Promise<string> {
  let read: Promise<string> | undefined;
  return () => {
    read ??= client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then(({ SecretString }) => {
        if (SecretString === undefined || SecretString === "") {
          throw new Error(
            `Secret ${secretId} has no SecretString. Fix: store the value as a string (JSON for the GitHub credentials).`,
          );
        }
        return SecretString;
      })
      .catch((error: unknown) => {
        read = undefined;
        throw error;
      });
    return read;
  };
}
