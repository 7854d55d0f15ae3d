/**
 * The fake account's CloudFormation stacks as the Resource Groups Tagging API sees them: a name, an ARN and tags.
 * moto serves the CloudFormation API itself (the teardown script's tests use it); this store exists so that the fake's
 * `GetResources` can list stacks beside the fake's pipelines in one account (the cloner's orphan sweep lists both),
 * and so that tests can deploy and tear down stacks the way a clone's run and the teardown build would.
 *
 * Facts, with their sources:
 * - a stack's ARN is `arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}` (the Service
 *   Authorization Reference's `stack` resource type; DescribeStacks' `StackId`);
 * - the tagging API names the type `cloudformation:stack` (Resource Groups Tagging API reference, "Supported
 *   resources": `ResourceTypeFilters` take `service[:resourceType]`);
 * - nested stacks carry their parent's stack-level tags (CloudFormation user guide, "Resource tag": stack-level tags
 *   propagate to the resources that support tags), so a nested stack is listed with its root's tags.
 */

/** One stack of the fake account. */
export interface StoredStack {
  readonly name: string;
  readonly arn: string;
  readonly tags: Map<string, string>;
  /** The parent stack's name, for a nested stack. */
  readonly parent: string | undefined;
  /** How many times the stack was deployed (created or updated) while it existed. */
  deployments: number;
}

/**
 * Stacks by name; deleting a stack deletes its nested stacks.
 *
 * @example
 * const stacks = new FakeStacks({ region: "eu-west-1", accountId: "123456789012" });
 * stacks.deploy("acme-dev-feature-x", { "tributary:ephemeral": "true", "tributary:project": "acme" });
 * stacks.delete("acme-dev-feature-x"); // true
 */
export class FakeStacks {
  readonly stacks = new Map<string, StoredStack>();
  private nextId = 1;

  constructor(private readonly options: { readonly region: string; readonly accountId: string }) {}

  /**
   * Creates the stack, or updates its tags when it exists (a deployment replaces the stack-level tags). `nested`
   * names nested stacks to create with the same tags (`<name>-<logical id>-<suffix>`).
   */
  deploy(name: string, tags: Readonly<Record<string, string>>, nested: readonly string[] = []): StoredStack {
    const existing = this.stacks.get(name);
    const stack = existing ?? this.create(name, tags, undefined);
    if (existing) {
      existing.tags.clear();
      for (const [key, value] of Object.entries(tags)) existing.tags.set(key, value);
    }
    stack.deployments += 1;
    for (const logicalId of nested) {
      const prefix = `${name}-${logicalId}-`;
      const current = [...this.stacks.values()].find(
        (other) => other.parent === name && other.name.startsWith(prefix),
      );
      if (current) {
        current.tags.clear();
        for (const [key, value] of Object.entries(tags)) current.tags.set(key, value);
      } else this.create(`${prefix}${this.suffix().toUpperCase()}`, tags, name);
    }
    return stack;
  }

  /** Deletes a stack and its nested stacks; `false` when it did not exist. */
  delete(name: string): boolean {
    if (!this.stacks.has(name)) return false;
    for (const nested of [...this.stacks.values()].filter((stack) => stack.parent === name))
      this.delete(nested.name);
    this.stacks.delete(name);
    return true;
  }

  /** The tags of a stack, as a record, or `undefined` when it does not exist. */
  tagsOf(name: string): Record<string, string> | undefined {
    const stack = this.stacks.get(name);
    return stack ? Object.fromEntries(stack.tags) : undefined;
  }

  private create(name: string, tags: Readonly<Record<string, string>>, parent: string | undefined) {
    const id = `${this.suffix()}-0000-4000-8000-000000000000`;
    const stack: StoredStack = {
      name,
      arn: `arn:aws:cloudformation:${this.options.region}:${this.options.accountId}:stack/${name}/${id}`,
      tags: new Map(Object.entries(tags)),
      parent,
      deployments: 0,
    };
    this.stacks.set(name, stack);
    return stack;
  }

  private suffix(): string {
    return (this.nextId++).toString(16).padStart(8, "0");
  }
}
