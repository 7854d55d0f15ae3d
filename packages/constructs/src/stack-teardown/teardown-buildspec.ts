/**
 * The inline buildspec of the teardown project: core's teardown rule decides (`teardown-check.ts`, built from core and
 * written into the build), bash makes the calls: refuse what is not the project's ephemeral stack or what a live clone
 * deploys, empty every bucket (nested stacks too), delete.
 */

import { MANAGED_TAGS, type OwnershipRule, TARGET_LISTING_MODE } from "@tributary/core";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import { programSource, writeProgramCommand } from "../buildspec-program.js";
import { packagePath } from "../package-directory.js";
import { TEARDOWN_PROGRAM } from "./teardown-program-file.js";

/**
 * The teardown script's view of core's ownership rule, as the environment variables the project sets:
 * `TEARDOWN_NAME_PREFIX`, `TEARDOWN_REQUIRED_TAGS` (a JSON object of tags the stack must carry),
 * `TEARDOWN_PROTECTED_STACKS` (a JSON list of stacks it must never delete), `TEARDOWN_CLONE_TAGS` (the tags of a live
 * clone) and `TEARDOWN_STACK_TAG` (the tag key that names a clone's stack). The IAM of the teardown project is derived
 * from the same rule.
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
    TEARDOWN_CLONE_TAGS: JSON.stringify(rule.cloneTags),
    TEARDOWN_STACK_TAG: MANAGED_TAGS.stack,
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
 * The built check (`dist/buildspec/teardown-check.mjs` of this package, `TEARDOWN_PROGRAM`); throws when it has not
 * been built.
 *
 * @example
 * spawnSync("node", [teardownCheckPath(), "name"], { env });
 */
export function teardownCheckPath(): string {
  const path = packagePath(TEARDOWN_PROGRAM.file);
  programSource(TEARDOWN_PROGRAM, path);
  return path;
}

/**
 * The teardown script with `stackCli` running the CloudFormation and S3 calls, `beforeName` before the name check and
 * `selectTarget` after it.
 */
function teardownScript(stackCli: string, beforeName: string, selectTarget: string): string {
  return `set -euo pipefail
check="\${TEARDOWN_CHECK:-$PWD/${TEARDOWN_PROGRAM.buildName}}"
${beforeName}# Core's checks that need no call: a name under the project's prefix, not a protected stack.
node "$check" name
${selectTarget}facts=$(mktemp -d)
if ! description=$(${stackCli} cloudformation describe-stacks --stack-name "$STACK_NAME" --output json 2>&1); then
  if ! printf '%s' "$description" | grep -q "does not exist"; then
    printf '%s\n' "$description" >&2
    exit 1
  fi
  description=""
fi
printf '%s' "$description" > "$facts/stack.json"
# The tags of a pipeline, read again (strongly consistent), as {"name", "tags"}; "tags" is null when it does not exist.
pipeline_tags() {
  local answer
  if answer=$(aws codepipeline list-tags-for-resource --resource-arn "$1" --output json 2>&1); then
    printf '{"name": "%s", "tags": %s}' "$2" "$answer"
  elif printf '%s' "$answer" | grep -qE "ResourceNotFoundException|PipelineNotFoundException"; then
    printf '{"name": "%s", "tags": null}' "$2"
  else
    printf '%s\n' "$answer" >&2
    return 1
  fi
}
if [ -n "$description" ]; then
  # The clones that may deploy the stack: the one the cloner named, and those the tagging API lists with its tag.
  IFS=: read -r _ partition _ region account _ <<< "\${CODEBUILD_BUILD_ARN:-arn:aws:codebuild:\${AWS_REGION:-}::}"
  read_count=0
  if [ -n "\${PIPELINE_NAME:-}" ]; then
    read_count=$((read_count + 1))
    pipeline_tags "arn:$partition:codepipeline:$region:$account:$PIPELINE_NAME" "$PIPELINE_NAME" > "$facts/pipeline-$read_count.json"
  fi
  for arn in $(aws resourcegroupstaggingapi get-resources --resource-type-filters codepipeline:pipeline --tag-filters "Key=$TEARDOWN_STACK_TAG,Values=$STACK_NAME" --query "ResourceTagMappingList[].ResourceARN" --output text); do
    [ "$arn" = "None" ] && continue
    read_count=$((read_count + 1))
    pipeline_tags "$arn" "\${arn##*:}" > "$facts/pipeline-$read_count.json"
  done
fi
set +e
node "$check" decide "$facts"
verdict=$?
set -e
case "$verdict" in
  0) ;;
  10) exit 0 ;;
  *) exit 1 ;;
esac
stack_buckets() {
  local resources
  resources=$(${stackCli} cloudformation list-stack-resources --stack-name "$1" --output json)
  printf '%s' "$resources" | jq -r '.StackResourceSummaries[] | select(.ResourceType == "AWS::S3::Bucket" and .PhysicalResourceId != null) | .PhysicalResourceId'
  for nested in $(printf '%s' "$resources" | jq -r '.StackResourceSummaries[] | select(.ResourceType == "AWS::CloudFormation::Stack" and .PhysicalResourceId != null) | .PhysicalResourceId'); do
    stack_buckets "$nested"
  done
}
empty_bucket() {
  local page batch count
  while true; do
    if ! page=$(${stackCli} s3api list-object-versions --bucket "$1" --max-items 1000 --output json 2>&1); then
      if printf '%s' "$page" | grep -q "NoSuchBucket"; then echo "Bucket $1 is already gone"; return 0; fi
      printf '%s\\n' "$page" >&2
      return 1
    fi
    # --max-items counts versions only, so a page can hold more entries than DeleteObjects' 1,000 keys.
    batch=$(printf '%s' "$page" | jq -c '{Objects: ([((.Versions // [])[], (.DeleteMarkers // [])[]) | {Key, VersionId}] | .[:1000]), Quiet: true}')
    count=$(printf '%s' "$batch" | jq '.Objects | length')
    if [ "$count" -eq 0 ]; then echo "Bucket $1 is empty"; return 0; fi
    echo "Deleting $count object versions from $1"
    ${stackCli} s3api delete-objects --bucket "$1" --delete "$batch" --output json > /dev/null
  done
}
for bucket in $(stack_buckets "$STACK_NAME"); do
  empty_bucket "$bucket"
done
echo "Deleting stack $STACK_NAME"
${stackCli} cloudformation delete-stack --stack-name "$STACK_NAME"
# One waiter gives up after an hour; deleting CloudFront distributions can take longer.
while ! ${stackCli} cloudformation wait stack-delete-complete --stack-name "$STACK_NAME"; do
  if ! status=$(${stackCli} cloudformation describe-stacks --stack-name "$STACK_NAME" --query "Stacks[0].StackStatus" --output text 2>&1); then
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
}

/**
 * The bash script the teardown project runs. It reads the request (`STACK_NAME`, and from the cloner `PIPELINE_NAME`,
 * `TEARDOWN_REASON`, `IDLE_SINCE`: core's `teardownRequestVariables`) and the ownership rule of
 * {@link teardownVariables}, and leaves every decision to core through the check (`TEARDOWN_CHECK`, the file
 * {@link teardownBuildSpec} writes, `TEARDOWN_PROGRAM`): first the checks that need no call (prefix, protected stacks: refused with exit
 * 1); then it describes the stack (a missing stack is success) and, for a stack that exists, reads the tags of the
 * clone the cloner named and of every pipeline the tagging API lists with the stack's `tributary:stack` tag, each again
 * with ListTagsForResource (strongly consistent), and hands all of it to core's `teardownDecision`, which refuses a
 * stack without the ephemeral and project tags, a nested stack, and a stack a live clone deploys at that moment
 * (except its own idle teardown). Then every `AWS::S3::Bucket` of the stack and its nested stacks is emptied (all
 * versions and delete markers), the stack is deleted and the build waits until it is gone (waiting again while it is
 * `DELETE_IN_PROGRESS`, failing on any other state).
 *
 * @example
 * spawnSync("bash", ["-c", TEARDOWN_SCRIPT], { env: { STACK_NAME: "acme-dev-feature-login", TEARDOWN_CHECK: teardownCheckPath(), ...teardownVariables(rule) } });
 */
export const TEARDOWN_SCRIPT = teardownScript("aws", "", "");

/**
 * {@link TEARDOWN_SCRIPT} of a project with environments in other accounts or regions (`TEARDOWN_TARGETS`, core's
 * `teardownTargets`): after the name check, core's `teardownTargetOf` picks where the stack is (`node "$check"
 * target` prints the shell that defines `stack_aws`), and the CloudFormation and S3 calls run through `stack_aws`:
 * for a remote environment's stack with the target teardown role's profile (`credential_source = EcsContainer`,
 * assumed again when it expires) in the target region, else as the build itself. The reads of live clones stay on the
 * build's own credentials in the CI/CD region, where the clones are.
 *
 * @example
 * spawnSync("bash", ["-c", REMOTE_TEARDOWN_SCRIPT], { env: { STACK_NAME: "acme-prod-feature-login", TEARDOWN_TARGETS: JSON.stringify(targets), ... } });
 */
export const REMOTE_TEARDOWN_SCRIPT = teardownScript(
  "stack_aws",
  `# The listing mode (core's TARGET_LISTING_MODE): each target's stacks, listed there through its teardown role (the
# check plans it: target_aws, list_target per target), as core's TargetStackListing in the CI/CD artifacts bucket.
if [ "\${${TARGET_LISTING_MODE.variable}:-}" = "${TARGET_LISTING_MODE.value}" ]; then
  listing=$(mktemp -d)
  list_target() {
    target_aws resourcegroupstaggingapi get-resources --resource-type-filters cloudformation:stack --tag-filters "$4" --output json > "$listing/resources.json" || return 1
    node "$check" listing "$1" "$2" "$listing/resources.json" > "$listing/listing.json" || { cat "$listing/listing.json" >&2; return 1; }
    aws s3 cp "$listing/listing.json" "s3://$TEARDOWN_LISTING_BUCKET/$3" --content-type application/json --only-show-errors || return 1
    echo "Listed $1 $2 into s3://$TEARDOWN_LISTING_BUCKET/$3"
  }
  failures=0
  if ! plan=$(node "$check" list-targets); then
    printf '%s\\n' "$plan" >&2
    exit 1
  fi
  eval "$plan"
  if [ "$failures" -gt 0 ]; then
    echo "$failures target(s) could not be listed; their listings stay as they were" >&2
    exit 1
  fi
  exit 0
fi
`,
  `# Where the stack is (core's teardownTargetOf over TEARDOWN_TARGETS): stack_aws makes its CloudFormation and S3 calls there.
if ! selection=$(node "$check" target); then
  printf '%s\\n' "$selection" >&2
  exit 1
fi
eval "$selection"
`,
);

/**
 * The teardown project's buildspec (bash): one build phase that writes the check built from core, then runs
 * {@link TEARDOWN_SCRIPT}, or {@link REMOTE_TEARDOWN_SCRIPT} when some environment is in another account or region.
 *
 * @example
 * new codebuild.Project(this, "TeardownProject", { buildSpec: teardownBuildSpec() });
 * new codebuild.Project(this, "TeardownProject", { buildSpec: teardownBuildSpec({ remote: true }) });
 */
export function teardownBuildSpec(options: { readonly remote?: boolean } = {}): codebuild.BuildSpec {
  const script = options.remote ? REMOTE_TEARDOWN_SCRIPT : TEARDOWN_SCRIPT;
  return codebuild.BuildSpec.fromObject({
    version: "0.2",
    env: { shell: "bash" },
    phases: { build: { commands: [writeProgramCommand(TEARDOWN_PROGRAM), script] } },
  });
}
