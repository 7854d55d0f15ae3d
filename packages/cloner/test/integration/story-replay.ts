/** Helpers to replay the GitFlow story and compare what runs leave behind. */
import { MANAGED_TAGS } from "@tributary/core";
import { seededRandom } from "@tributary/fake-aws";
import { gitflowStory, startWorld, type World } from "./world";

/** The story's events, generated up front (the repository ends in its final state). */
export function storyEvents(target: World): unknown[] {
  return [...gitflowStory(target.git)].map((step) => step.event);
}

/** A deterministic Fisher–Yates shuffle. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** What a run leaves behind, for comparing runs. */
export function accountState(target: World) {
  return {
    clones: target.actualClones(),
    declarations: target
      .actualClones()
      .map((name) => target.aws.codePipeline.pipelines.get(name)?.declaration),
    // A clone's incarnation is a random id of each creation: two runs compare by whether each clone has one.
    tags: target.actualClones().map((name) => {
      const tags = target.aws.codePipeline.tagsOf(name) ?? {};
      const incarnation = tags[MANAGED_TAGS.incarnation];
      return incarnation === undefined ? tags : { ...tags, [MANAGED_TAGS.incarnation]: "<incarnation>" };
    }),
    environment: target.environmentSnapshot(),
  };
}

/** Replays the story once, in order, without faults, and returns what it left behind. */
export async function referenceState() {
  const reference = await startWorld();
  try {
    for (const event of storyEvents(reference)) await reference.cloner.deliver(event);
    return {
      state: accountState(reference),
      runs: reference.aws.codePipeline.executions.length,
      comments: reference.aws.codeCommit.comments.length,
      builds: reference.aws.codeBuild.builds.length,
    };
  } finally {
    await reference.close();
  }
}
