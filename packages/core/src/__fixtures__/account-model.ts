/** A tiny in-memory model of the account the cloner acts on, to prove plans idempotent and convergent. */

import type { Route } from "../branches/route.js";
import type { Action } from "../events/plan.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";

/** One pipeline: its tags and the stack it deploys. */
export interface ModelPipeline {
  readonly tags: Readonly<Record<string, string>>;
  readonly stackName: string;
  readonly ephemeral: boolean;
}

/** The account as plain, comparable data (records sorted by key on every change). */
export interface AccountState {
  readonly pipelines: Readonly<Record<string, ModelPipeline>>;
  /** Executions keyed by `clientRequestToken` (creation runs keyed `create:<pipeline>:<n>`). */
  readonly executions: Readonly<Record<string, string>>;
  /** Stacks and whether they are ephemeral (the teardown only deletes ephemeral ones). */
  readonly stacks: Readonly<Record<string, boolean>>;
  /** Comments keyed by pull request, pipeline and source commit (the executor's idempotency key). */
  readonly comments: readonly string[];
  /** How many times pipelines were created (a real effect: creation starts a run). */
  readonly creations: number;
  /** The current `templateVersion` of each environment pipeline (changed by the CDK app, see `changeTemplate`). */
  readonly templates: Readonly<Record<string, string>>;
}

const sorted = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** An account with the environment pipelines and shared stacks the CDK app deploys (no managed tag). */
export function initialAccount(config: TributaryConfig): AccountState {
  const pipelines: Record<string, ModelPipeline> = {};
  const stacks: Record<string, boolean> = {};
  const templates: Record<string, string> = {};
  for (const env of config.environments) {
    templates[env.pipelineName] = "v0";
    pipelines[env.pipelineName] = {
      tags: { [MANAGED_TAGS.project]: config.project, [MANAGED_TAGS.environment]: env.name },
      stackName: env.stackName,
      ephemeral: false,
    };
    stacks[env.stackName] = false;
  }
  return {
    pipelines: sorted(pipelines),
    executions: {},
    stacks: sorted(stacks),
    comments: [],
    creations: 0,
    templates: sorted(templates),
  };
}

/** The CDK app deploys a new declaration of an environment pipeline: its clones are now behind. */
export function changeTemplate(state: AccountState, templatePipeline: string, version: string): AccountState {
  if (state.templates[templatePipeline] === undefined) return state;
  return { ...state, templates: sorted({ ...state.templates, [templatePipeline]: version }) };
}

/** The tags the cloner gives a clone: the route's, plus the version of the template it copied right then. */
function cloneTags(state: AccountState, route: Route): Readonly<Record<string, string>> {
  const version = state.templates[route.templatePipeline];
  return version === undefined ? route.tags : { ...route.tags, [MANAGED_TAGS.templateVersion]: version };
}

/** The tags that say an existing pipeline is this route's clone (the cloner checks them before an update). */
const IDENTITY_TAGS = [
  MANAGED_TAGS.managed,
  MANAGED_TAGS.project,
  MANAGED_TAGS.branch,
  MANAGED_TAGS.pullRequest,
];

function create(state: AccountState, route: Route): AccountState {
  if (state.pipelines[route.pipelineName] !== undefined) return state;
  const creations = state.creations + 1;
  return {
    ...state,
    creations,
    pipelines: sorted({
      ...state.pipelines,
      [route.pipelineName]: {
        tags: cloneTags(state, route),
        stackName: route.stackName,
        ephemeral: route.ephemeral,
      },
    }),
    executions: sorted({ ...state.executions, [`create:${route.pipelineName}:${creations}`]: route.branch }),
    stacks: sorted({ ...state.stacks, [route.stackName]: state.stacks[route.stackName] ?? route.ephemeral }),
  };
}

/** Applies actions in order, with the semantics the cloner's executor promises. */
export function apply(state: AccountState, actions: readonly Action[]): AccountState {
  let next = state;
  for (const action of actions) {
    switch (action.type) {
      case "createClone":
        next = create(next, action.route);
        break;
      case "startExecution": {
        if (next.pipelines[action.route.pipelineName] === undefined) {
          // Created instead: the creation run is this token's execution, so a retry starts nothing more.
          next = create(next, action.route);
          next = {
            ...next,
            executions: sorted({ ...next.executions, [action.clientRequestToken]: action.commitId }),
          };
        } else if (next.executions[action.clientRequestToken] === undefined) {
          next = {
            ...next,
            executions: sorted({ ...next.executions, [action.clientRequestToken]: action.commitId }),
            stacks: sorted({
              ...next.stacks,
              [action.route.stackName]: next.stacks[action.route.stackName] ?? action.route.ephemeral,
            }),
          };
        }
        break;
      }
      case "updateClone": {
        // The cloner copies the template as it is now (not as the plan saw it) and tags what it applied.
        const { route } = action;
        const pipeline = next.pipelines[route.pipelineName];
        const identical =
          pipeline !== undefined && IDENTITY_TAGS.every((key) => pipeline.tags[key] === route.tags[key]);
        const version = next.templates[route.templatePipeline];
        if (identical && version !== undefined) {
          // Applying the same declaration again changes nothing: updating twice is updating once.
          const tags = { ...pipeline.tags, [MANAGED_TAGS.templateVersion]: version };
          next = {
            ...next,
            pipelines: sorted({ ...next.pipelines, [route.pipelineName]: { ...pipeline, tags } }),
          };
        }
        break;
      }
      case "deleteClone": {
        const pipeline = next.pipelines[action.pipelineName];
        const tagged =
          pipeline !== undefined &&
          Object.entries(action.expectedTags).every(([key, value]) => pipeline.tags[key] === value);
        if (tagged) {
          const { [action.pipelineName]: _removed, ...rest } = next.pipelines;
          next = { ...next, pipelines: rest };
        }
        break;
      }
      case "teardownStack": {
        if (next.stacks[action.stackName] === true) {
          const { [action.stackName]: _removed, ...rest } = next.stacks;
          next = { ...next, stacks: rest };
        }
        break;
      }
      case "ignore":
      case "listTargetStacks":
        // A listing build changes nothing in the account: the tests hand its listing to the next reconcile.
        break;
    }
  }
  return next;
}

/**
 * The stacks of the account as the tagging API lists them for `reconcile` (by the project tag): an ephemeral stack
 * with the tags a clone's run gives it, a shared one with the project tag only.
 */
export function listStacks(
  state: AccountState,
  config: TributaryConfig,
): { name: string; tags: Readonly<Record<string, string>> }[] {
  return Object.entries(state.stacks).map(([name, ephemeral]) => {
    const tags: Record<string, string> = { [MANAGED_TAGS.project]: config.project };
    if (ephemeral) Object.assign(tags, { [MANAGED_TAGS.ephemeral]: "true", [MANAGED_TAGS.stack]: name });
    return { name, tags };
  });
}

/** The pipelines of the account as the cloner lists them for `reconcile`. */
export function listPipelines(
  state: AccountState,
): { name: string; tags: Readonly<Record<string, string>> }[] {
  return Object.entries(state.pipelines).map(([name, pipeline]) => ({ name, tags: pipeline.tags }));
}
