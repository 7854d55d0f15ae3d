/** The inline buildspec of the Preview project: a change set against the environment's shared stack, never executed. */

import { BUILDSPEC_VARIABLES, MANAGED_TAGS, PREVIEW_OUTPUTS } from "@tributary/core";
import { CfnCapabilities } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import { programSource, shellQuoted, writeProgramCommand } from "../../buildspec-program.js";
import { packagePath } from "../../package-directory.js";
import { TARGET_CREDENTIALS_VARIABLE } from "../remote-target.js";
import { TEMPLATE_URL_COMMAND } from "./preview-document.js";
import { PREVIEW_PROGRAM } from "./preview-program-file.js";

/**
 * The capabilities of every Tributary change set: the Deploy stage's CreateChangeSet action and the preview's.
 *
 * @example
 * PREVIEW_CAPABILITIES; // ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
 */
export const PREVIEW_CAPABILITIES: readonly CfnCapabilities[] = Object.freeze([
  CfnCapabilities.ANONYMOUS_IAM,
  CfnCapabilities.AUTO_EXPAND,
]);

/**
 * CloudFormation's `TemplateBody` limit (51,200 bytes, CreateChangeSet API reference); a larger `templates/main.yaml`
 * is read from its staged copy (`TemplateURL`, up to 1 MB), the same file the Test stage uploaded.
 *
 * @example
 * TEMPLATE_BODY_LIMIT; // 51200
 */
export const TEMPLATE_BODY_LIMIT = 51_200;

/**
 * Where {@link PREVIEW_SCRIPT} (its Node program) writes `PREVIEW_STATUS=…` and `PREVIEW_URL=…` (relative to the
 * build's directory, overridable with `PREVIEW_OUTPUTS_FILE`): the script runs in its own bash process, so the
 * buildspec reads them back into its own shell for CodeBuild's `exported-variables`.
 *
 * @example
 * readFileSync(join(directory, PREVIEW_OUTPUTS_FILE), "utf8"); // "PREVIEW_STATUS=changes\nPREVIEW_URL=https://…\n"
 */
export const PREVIEW_OUTPUTS_FILE = "preview-outputs.env";

/** The names the script requires, from core's contract (the Preview action's and project's variables). */
const REQUIRED = [
  ...BUILDSPEC_VARIABLES.previewProject,
  ...BUILDSPEC_VARIABLES.preview,
  "STAGING_BUCKET",
  "REPORTS_BUCKET",
];

/**
 * The bash script the Preview project runs in the `TestOutput` artifact (`templates/main.yaml`,
 * `template-configuration.json`). It reads core's variables (`BUILDSPEC_VARIABLES.preview` on the action,
 * `previewProject` and `project` on the project) and:
 *
 * 1. creates change set `PREVIEW_CHANGE_SET_NAME` on `PREVIEW_STACK_NAME` with the Deploy stage's template, template
 *    configuration, parameter overrides (`Environment`, `TemplateBucket`, `TemplatePrefix`), capabilities and
 *    deployment role, `--include-nested-stacks`, of type `CREATE` when the stack does not exist or is
 *    `REVIEW_IN_PROGRESS`, else `UPDATE`. The stack's own `tributary:*` tags replace the run's, so a clone's
 *    bookkeeping tags (its branch, its own stack) do not show up as changes of the shared stack;
 * 2. waits for it (`wait change-set-create-complete`, which gives up on `FAILED`);
 * 3. describes every page of the root change set and of every nested one (`ChangeSetId` of
 *    `AWS::CloudFormation::Stack` changes, recursively), following `NextToken`;
 * 4. hands the pages to the Preview step's Node program ({@link previewProgram}, core's `summarizeChangeSets`
 *    bundled), which writes the `PreviewDocument` (`[{stack, environment, changeSetType, pages}]`) and sets
 *    `PREVIEW_STATUS` (`changes`, `no-changes` or `error`) and `PREVIEW_URL` for the buildspec's exported variables;
 *    it refuses pages core refuses, a change set still being created among them (the build fails);
 * 5. uploads the document to `s3://REPORTS_BUCKET/PREVIEW_KEY`;
 * 6. deletes the change set on every exit, also after an error.
 *
 * A change set CloudFormation refuses (FAILED, or a CreateChangeSet call rejected with `ValidationError` or
 * `InsufficientCapabilitiesException`) is a preview result, not a build failure: Deploy fails on the same input.
 * The build fails on its own errors (missing variables or files, access denied, an unfinished change set, the S3
 * upload). The program is `PREVIEW_PROGRAM.buildName` in the working directory; the buildspec writes it there.
 *
 * @example
 * spawnSync("bash", ["-c", PREVIEW_SCRIPT], { cwd: testOutputDirectory, env: { PREVIEW_STACK_NAME: "acme-prod", ... } });
 */
export const PREVIEW_SCRIPT = `set -euo pipefail
for name in ${REQUIRED.join(" ")}; do
  if [ -z "\${!name:-}" ]; then
    echo "Missing environment variable $name: the pipeline's Preview action or project sets it (PIPELINE-CONTRACT.md); redeploy Tributary if the pipeline predates it." >&2
    exit 1
  fi
done
for file in templates/main.yaml template-configuration.json; do
  if [ ! -f "$file" ]; then
    echo "Missing $file in the TestOutput artifact: the Test stage's buildspec hands it over (PIPELINE-CONTRACT.md)." >&2
    exit 1
  fi
done
program="$PWD/${PREVIEW_PROGRAM.buildName}"
if [ ! -f "$program" ]; then
  echo "Missing $program, the Preview step's Node program: the Preview buildspec writes it before this script (previewBuildSpec)." >&2
  exit 1
fi
stack="$PREVIEW_STACK_NAME"
change_set="$PREVIEW_CHANGE_SET_NAME"
region="\${AWS_REGION:-\${AWS_DEFAULT_REGION:-}}"
work=$(mktemp -d)
created=""
cleanup() {
  local status=$?
  if [ -n "$created" ]; then
    if aws cloudformation delete-change-set --stack-name "$stack" --change-set-name "$change_set" 2> "$work/delete.err"; then
      echo "Deleted change set $change_set of $stack"
    else
      cat "$work/delete.err" >&2
      echo "Could not delete change set $change_set of $stack; delete it by hand (it is never executed)" >&2
      status=1
    fi
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# CREATE when the stack does not exist, or exists only as REVIEW_IN_PROGRESS (created by an earlier CREATE change
# set that was never executed): CloudFormation accepts no UPDATE change set for such a stack.
change_set_type=UPDATE
current_tags='{}'
if description=$(aws cloudformation describe-stacks --stack-name "$stack" --output json 2> "$work/describe.err"); then
  if [ "$(printf '%s' "$description" | jq -r '.Stacks[0].StackStatus')" = REVIEW_IN_PROGRESS ]; then
    change_set_type=CREATE
  fi
  current_tags=$(printf '%s' "$description" | jq -c --argjson managed ${shellQuoted(JSON.stringify(Object.values(MANAGED_TAGS)))} '(.Stacks[0].Tags // []) | map(select(.Key as $key | $managed | index($key))) | from_entries')
elif grep -q "does not exist" "$work/describe.err"; then
  change_set_type=CREATE
else
  cat "$work/describe.err" >&2
  exit 1
fi
echo "Previewing $stack with a $change_set_type change set $change_set"

parameters=$(jq -c --arg environment "$TRIBUTARY_ENVIRONMENT" --arg bucket "$STAGING_BUCKET" --arg prefix "$STAGING_PREFIX" '(.Parameters // {}) + {Environment: $environment, TemplateBucket: $bucket, TemplatePrefix: $prefix} | to_entries | map({ParameterKey: .key, ParameterValue: (.value | tostring)})' template-configuration.json)
tags=$(jq -c --argjson current "$current_tags" '(.Tags // {}) + $current | to_entries | map({Key: .key, Value: (.value | tostring)})' template-configuration.json)
template=(--template-body file://templates/main.yaml)
if [ "$(wc -c < templates/main.yaml)" -gt ${TEMPLATE_BODY_LIMIT} ]; then
  # The staging bucket is in the build's region; core's s3ObjectUrl names it with its partition's DNS suffix.
  template_url=$(node "$program" ${TEMPLATE_URL_COMMAND} "$STAGING_BUCKET" "$region" "$STAGING_PREFIX/templates/main.yaml")
  template=(--template-url "$template_url")
fi
tag_arguments=()
if [ "$tags" != "[]" ]; then tag_arguments=(--tags "$tags"); fi

pages="$work/pages.jsonl"
: > "$pages"
describe_change_set() {
  local id="$1" token="" page nested
  while true; do
    page=$(aws cloudformation describe-change-set --no-paginate --output json --cli-input-json "$(jq -cn --arg id "$id" --arg token "$token" '{ChangeSetName: $id} + (if $token == "" then {} else {NextToken: $token} end)')")
    printf '%s' "$page" | jq -c . >> "$pages"
    for nested in $(printf '%s' "$page" | jq -r '.Changes[]?.ResourceChange | select(.ResourceType == "AWS::CloudFormation::Stack" and (.ChangeSetId // "") != "") | .ChangeSetId'); do
      describe_change_set "$nested"
    done
    token=$(printf '%s' "$page" | jq -r '.NextToken // empty')
    if [ -z "$token" ]; then return 0; fi
  done
}

if aws cloudformation create-change-set --stack-name "$stack" --change-set-name "$change_set" \\
  --change-set-type "$change_set_type" "\${template[@]}" --parameters "$parameters" "\${tag_arguments[@]}" \\
  --capabilities ${PREVIEW_CAPABILITIES.join(" ")} --role-arn "$PREVIEW_ROLE_ARN" --include-nested-stacks \\
  --description "Tributary preview: never executed, deleted after the preview" --output json > "$work/create.json" 2> "$work/create.err"; then
  created=yes
  change_set_id=$(jq -r '.Id' "$work/create.json")
  # The waiter gives up on FAILED (also "no changes"); the root page below holds the status and the reason.
  aws cloudformation wait change-set-create-complete --change-set-name "$change_set_id" 2> "$work/wait.err" || true
  describe_change_set "$change_set_id"
elif grep -Eq '\\((ValidationError|InsufficientCapabilitiesException)\\)' "$work/create.err"; then
  # Rejected outright (an invalid template, a missing parameter): recorded as one FAILED page with the API's message.
  reason=$(grep -E '^An error occurred \\(' "$work/create.err" | tail -n 1 | sed -E 's/^An error occurred \\([A-Za-z]+\\) when calling the CreateChangeSet operation: //')
  jq -cn --arg stack "$stack" --arg reason "$reason" '{StackName: $stack, Status: "FAILED", StatusReason: $reason}' > "$pages"
else
  cat "$work/create.err" >&2
  exit 1
fi

# preview.json and the status by core's rule (summarizeChangeSets, bundled): it refuses an unfinished change set.
if ! node "$program" "$pages" "$change_set_type" "$work/preview.json" "\${PREVIEW_OUTPUTS_FILE:-${PREVIEW_OUTPUTS_FILE}}"; then
  if [ -s "$work/wait.err" ]; then cat "$work/wait.err" >&2; fi
  exit 1
fi
aws s3 cp "$work/preview.json" "s3://$REPORTS_BUCKET/$PREVIEW_KEY" --content-type application/json --only-show-errors
`;

/**
 * CodeBuild's limit on an inline buildspec, in characters. The API reference gives none; CodeBuild refuses a longer
 * one (aws/aws-cdk pull request 14974, "An inline buildspec has a size limit of 25600 characters").
 *
 * @example
 * new Stack().resolve(previewBuildSpec().toBuildSpec()).length <= INLINE_BUILDSPEC_LIMIT; // true: a test holds it
 */
export const INLINE_BUILDSPEC_LIMIT = 25_600;

/**
 * The Preview step's Node program: core's `summarizeChangeSets` and `preview-document.ts`, bundled into one
 * minified file by this package's build (`dist/buildspec/preview-program.mjs`). Throws when it has not been built.
 *
 * @example
 * writeFileSync(join(directory, PREVIEW_PROGRAM.buildName), previewProgram());
 */
export function previewProgram(file = packagePath(PREVIEW_PROGRAM.file)): string {
  return programSource(PREVIEW_PROGRAM, file);
}

/**
 * The Preview project's buildspec: bash, one build phase that writes the Node program ({@link previewProgram}) into
 * the working directory, runs {@link PREVIEW_SCRIPT} in its own bash process (its `exit` and traps stay its own), then
 * reads its outputs, which CodeBuild exports as `PREVIEW_STATUS` and `PREVIEW_URL` (core's `PREVIEW_OUTPUTS`) into
 * the action's namespace.
 *
 * @example
 * new codebuild.PipelineProject(this, "PreviewProject", { buildSpec: previewBuildSpec() });
 */
export function previewBuildSpec(
  options: { readonly targetCredentials?: boolean } = {},
): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: "0.2",
    env: { shell: "bash", "exported-variables": [PREVIEW_OUTPUTS.status, PREVIEW_OUTPUTS.url] },
    phases: {
      build: {
        commands: [
          // A remote environment's preview runs with its target role's credentials, in its region.
          ...(options.targetCredentials ? [`eval "\${${TARGET_CREDENTIALS_VARIABLE}}"`] : []),
          writeProgramCommand(PREVIEW_PROGRAM),
          `bash -c ${shellQuoted(PREVIEW_SCRIPT)}`,
          `set -a; . "./${PREVIEW_OUTPUTS_FILE}"; set +a`,
        ],
      },
    },
  });
}
