/**
 * The AWS config profile through which a build acts in a target account: written by a shell line, read by the AWS CLI
 * and the SDKs (no CDK here: the teardown's check program, built from this package, prints it too).
 */

/**
 * The name of the AWS CLI and SDK profile a build uses in its target account.
 *
 * @example
 * TARGET_PROFILE; // "tributary-target"
 */
export const TARGET_PROFILE = "tributary-target";

/**
 * The file the profile is written to, as a shell word (the build's temporary directory).
 *
 * @example
 * TARGET_PROFILE_FILE; // '"${TMPDIR:-/tmp}/tributary-target.config"'
 */
export const TARGET_PROFILE_FILE = `"\${TMPDIR:-/tmp}/${TARGET_PROFILE}.config"`;

/**
 * The shell command that writes {@link TARGET_PROFILE} to {@link TARGET_PROFILE_FILE}: `credential_source =
 * EcsContainer` makes the CLI and the SDKs assume `targetRoleArn` with the build's own (container) credentials and
 * assume it again when the session expires (role chaining caps a session at one hour; a TaskCat run or a teardown can
 * take longer). `targetRoleArn` and `region` are written inside single quotes: callers pass IAM role ARNs and region
 * names, which hold none.
 *
 * @example
 * writeTargetProfileCommand("arn:aws:iam::333333333333:role/acme-tributary-teardown-eu-central-1", "eu-central-1");
 */
export function writeTargetProfileCommand(targetRoleArn: string, region: string): string {
  return `printf '[profile ${TARGET_PROFILE}]\\nrole_arn = %s\\ncredential_source = EcsContainer\\nrole_session_name = %s\\nregion = %s\\n' '${targetRoleArn}' "tributary-\${CODEBUILD_BUILD_NUMBER:-build}" '${region}' > ${TARGET_PROFILE_FILE}`;
}

/**
 * The shell line that gives a build the credentials of `targetRoleArn` in `region`, handed to the build as
 * `TRIBUTARY_TARGET_CREDENTIALS` and run with `eval` (the Preview script does; a project's buildspec does with
 * `eval "${TRIBUTARY_TARGET_CREDENTIALS:-}"`, a no-op in the CI/CD account): it writes the profile
 * ({@link writeTargetProfileCommand}) and points `AWS_PROFILE`, `AWS_REGION` and `AWS_DEFAULT_REGION` at it.
 *
 * @example
 * targetCredentialsScript("arn:aws:iam::333333333333:role/acme-tributary-prod-test", "eu-central-1");
 */
export function targetCredentialsScript(targetRoleArn: string, region: string): string {
  return [
    writeTargetProfileCommand(targetRoleArn, region),
    `export AWS_CONFIG_FILE=${TARGET_PROFILE_FILE} AWS_PROFILE=${TARGET_PROFILE} AWS_REGION='${region}' AWS_DEFAULT_REGION='${region}'`,
    `echo "Credentials: ${TARGET_PROFILE}, role ${targetRoleArn} in ${region}"`,
  ].join(" && ");
}
