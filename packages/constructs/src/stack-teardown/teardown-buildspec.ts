/** The inline buildspec of the teardown project: refuse foreign stacks, empty every bucket (nested stacks too), delete. */

import type { OwnershipRule } from "@tributary/core";
import * as codebuild from "aws-cdk-lib/aws-codebuild";

/**
 * The teardown script's view of core's ownership rule, as the environment variables the project sets:
 * `TEARDOWN_NAME_PREFIX`, `TEARDOWN_REQUIRED_TAGS` (a JSON object of tags the stack must carry) and
 * `TEARDOWN_PROTECTED_STACKS` (a JSON list of stacks it must never delete). The IAM of the teardown project is
 * derived from the same rule.
 *
 * @example
 * teardownVariables(ownershipRule(config)).TEARDOWN_REQUIRED_TAGS;
 * // '{"tributary:ephemeral":"true","tributary:project":"acme"}'
 */
export function teardownVariables(rule: OwnershipRule): Record<string, string> {
  return {
    TEARDOWN_NAME_PREFIX: rule.namePrefix,
    TEARDOWN_REQUIRED_TAGS: JSON.stringify(rule.ephemeralStackTags),
    TEARDOWN_PROTECTED_STACKS: JSON.stringify(rule.protectedStacks),
  };
}

/**
 * {@link teardownVariables} as CodeBuild environment variables.
 *
 * @example
 * new codebuild.Project(this, "TeardownProject", { environment: { environmentVariables: teardownEnvironment(rule) } });
 */
export function teardownEnvironment(rule: OwnershipRule): Record<string, codebuild.BuildEnvironmentVariable> {
  return Object.fromEntries(
    Object.entries(teardownVariables(rule)).map(([name, value]) => [name, { value }]),
  );
}

/**
 * The bash script the teardown project runs. It reads `STACK_NAME` (set by the cloner's `StartBuild`) and the
 * ownership rule of {@link teardownVariables}; a stack outside the prefix or protected is refused (exit 1), a missing
 * stack is success, a stack without every required tag is refused (exit 1); otherwise every `AWS::S3::Bucket`
 * of the stack and its nested stacks is emptied (all versions and delete markers), then the stack is deleted
 * and the build waits until it is gone (waiting again while it is `DELETE_IN_PROGRESS`, failing on any other state).
 *
 * @example
 * spawnSync("bash", ["-c", TEARDOWN_SCRIPT], { env: { STACK_NAME: "acme-dev-feature-login", ...teardownVariables(rule) } });
 */
export const TEARDOWN_SCRIPT = `set -euo pipefail
if [ -z "\${STACK_NAME:-}" ]; then
  echo "STACK_NAME is empty: start the build with environmentVariablesOverride STACK_NAME" >&2
  exit 1
fi
case "$STACK_NAME" in
  "$TEARDOWN_NAME_PREFIX"*) ;;
  *) echo "Refusing to tear down $STACK_NAME: its name does not start with $TEARDOWN_NAME_PREFIX"; exit 1 ;;
esac
if printf '%s' "$TEARDOWN_PROTECTED_STACKS" | jq -e --arg name "$STACK_NAME" 'any(.[]; . == $name)' > /dev/null; then
  echo "Refusing to tear down $STACK_NAME: it is a protected stack (an environment's shared stack or the app's own)"
  exit 1
fi
if ! description=$(aws cloudformation describe-stacks --stack-name "$STACK_NAME" --output json 2>&1); then
  if printf '%s' "$description" | grep -q "does not exist"; then
    echo "Stack $STACK_NAME does not exist: nothing to tear down"
    exit 0
  fi
  printf '%s\\n' "$description" >&2
  exit 1
fi
missing=$(printf '%s' "$description" | jq -r --argjson required "$TEARDOWN_REQUIRED_TAGS" '(.Stacks[0].Tags // []) | from_entries as $tags | $required | to_entries | map(select($tags[.key] != .value) | "\\(.key)=\\(.value)") | join(" ")')
if [ -n "$missing" ]; then
  echo "Refusing to tear down $STACK_NAME: it lacks the tags $missing"
  exit 1
fi
stack_buckets() {
  local resources
  resources=$(aws cloudformation list-stack-resources --stack-name "$1" --output json)
  printf '%s' "$resources" | jq -r '.StackResourceSummaries[] | select(.ResourceType == "AWS::S3::Bucket" and .PhysicalResourceId != null) | .PhysicalResourceId'
  for nested in $(printf '%s' "$resources" | jq -r '.StackResourceSummaries[] | select(.ResourceType == "AWS::CloudFormation::Stack" and .PhysicalResourceId != null) | .PhysicalResourceId'); do
    stack_buckets "$nested"
  done
}
empty_bucket() {
  local page batch count
  while true; do
    if ! page=$(aws s3api list-object-versions --bucket "$1" --max-items 1000 --output json 2>&1); then
      if printf '%s' "$page" | grep -q "NoSuchBucket"; then echo "Bucket $1 is already gone"; return 0; fi
      printf '%s\\n' "$page" >&2
      return 1
    fi
    # --max-items counts versions only, so a page can hold more entries than DeleteObjects' 1,000 keys.
    batch=$(printf '%s' "$page" | jq -c '{Objects: ([((.Versions // [])[], (.DeleteMarkers // [])[]) | {Key, VersionId}] | .[:1000]), Quiet: true}')
    count=$(printf '%s' "$batch" | jq '.Objects | length')
    if [ "$count" -eq 0 ]; then echo "Bucket $1 is empty"; return 0; fi
    echo "Deleting $count object versions from $1"
    aws s3api delete-objects --bucket "$1" --delete "$batch" --output json > /dev/null
  done
}
for bucket in $(stack_buckets "$STACK_NAME"); do
  empty_bucket "$bucket"
done
echo "Deleting stack $STACK_NAME"
aws cloudformation delete-stack --stack-name "$STACK_NAME"
# One waiter gives up after an hour; deleting CloudFront distributions can take longer.
while ! aws cloudformation wait stack-delete-complete --stack-name "$STACK_NAME"; do
  if ! status=$(aws cloudformation describe-stacks --stack-name "$STACK_NAME" --query "Stacks[0].StackStatus" --output text 2>&1); then
    if printf '%s' "$status" | grep -q "does not exist"; then break; fi
    printf '%s\\n' "$status" >&2
    exit 1
  fi
  if [ "$status" != "DELETE_IN_PROGRESS" ]; then
    echo "Stack $STACK_NAME is $status: its deletion failed; see its events in the CloudFormation console" >&2
    exit 1
  fi
  echo "Stack $STACK_NAME is still being deleted; waiting again"
done
echo "Stack $STACK_NAME is deleted"
`;

/**
 * The teardown project's buildspec (bash, one build phase running {@link TEARDOWN_SCRIPT}).
 *
 * @example
 * new codebuild.Project(this, "TeardownProject", { buildSpec: teardownBuildSpec() });
 */
export function teardownBuildSpec(): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: "0.2",
    env: { shell: "bash" },
    phases: { build: { commands: [TEARDOWN_SCRIPT] } },
  });
}
