// A stand-in for the AWS CLI: answers the calls the teardown script makes from a JSON state file
// (FAKE_AWS_STATE) and records every call in it. Buckets return at most two versions per page, so the
// script's paging loop runs more than once.
import { readFileSync, writeFileSync } from "node:fs";

const statePath = process.env.FAKE_AWS_STATE;
const state = JSON.parse(readFileSync(statePath, "utf8"));
const args = process.argv.slice(2);
state.calls.push(args.join(" "));
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const save = () => writeFileSync(statePath, JSON.stringify(state));
const fail = (message) => {
  save();
  process.stderr.write(`${message}\n`);
  process.exit(254);
};
const print = (value) => {
  save();
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const command = `${args[0]} ${args[1]}`;
const stackName = option("--stack-name");
const bucket = option("--bucket");
switch (command) {
  case "cloudformation describe-stacks": {
    const stack = state.stacks[stackName];
    if (stack === undefined || stack.deleted) {
      fail(
        `An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id ${stackName} does not exist`,
      );
    }
    if (option("--query") === "Stacks[0].StackStatus") {
      save();
      process.stdout.write(`${stack.status ?? "CREATE_COMPLETE"}\n`);
      break;
    }
    print({ Stacks: [{ StackName: stackName, Tags: stack.tags }] });
    break;
  }
  case "cloudformation list-stack-resources":
    print({ StackResourceSummaries: state.stacks[stackName].resources });
    break;
  case "s3api list-object-versions": {
    const contents = state.buckets[bucket];
    if (contents === undefined)
      fail("An error occurred (NoSuchBucket) when calling the ListObjectVersions operation");
    const versions = contents.versions.slice(0, 2);
    const markers = contents.deleteMarkers.slice(0, 2 - versions.length);
    print({
      ...(versions.length > 0 ? { Versions: versions } : {}),
      ...(markers.length > 0 ? { DeleteMarkers: markers } : {}),
    });
    break;
  }
  case "s3api delete-objects": {
    const { Objects } = JSON.parse(option("--delete"));
    const keep = (entry) =>
      !Objects.some((object) => object.Key === entry.Key && object.VersionId === entry.VersionId);
    state.buckets[bucket].versions = state.buckets[bucket].versions.filter(keep);
    state.buckets[bucket].deleteMarkers = state.buckets[bucket].deleteMarkers.filter(keep);
    print({ Deleted: Objects });
    break;
  }
  case "cloudformation delete-stack":
    state.stacks[stackName].status = "DELETE_IN_PROGRESS";
    save();
    break;
  case "cloudformation wait": {
    // Each waiter call in `waiters` ends as listed: "timeout" (still deleting), "failed" (DELETE_FAILED) or "done".
    const outcome = state.waiters.shift() ?? "done";
    const stack = state.stacks[stackName];
    if (outcome === "done") stack.deleted = true;
    if (outcome === "failed") stack.status = "DELETE_FAILED";
    save();
    if (outcome !== "done") process.exit(255);
    break;
  }
  default:
    fail(`fake aws: unexpected call ${args.join(" ")}`);
}
