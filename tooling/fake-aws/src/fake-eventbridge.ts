/**
 * A fake Amazon EventBridge (`AWSEvents`, AWS JSON 1.1): `PutEvents` to the default bus, recording what was put so a
 * test can deliver it to the rule's target. moto has PutEvents, but the events then stay inside moto: a test of the
 * cloner needs them back to invoke the function the rule targets. Facts from the service model (botocore
 * `events/2015-10-07/service-2.json`, which `@aws-sdk/client-eventbridge` is generated from): `Entries` holds 1 to
 * 10 entries; "Detail, DetailType, and Source are required for EventBridge to successfully send an event to an event
 * bus. If you include event entries in a request that do not include each of those properties, EventBridge fails
 * that entry. If you submit a request in which none of the entries have each of these properties, EventBridge fails
 * the entire request"; `DetailType` is "Free-form string, with a maximum of 128 characters"; `Detail` is "A valid
 * JSON object"; `EventBusName` matches `NonPartnerEventBusNameOrArn`; "the total entry size must be less than
 * 256KB"; the answer is `FailedEntryCount` and one result per entry, in order, with `EventId` or `ErrorCode` and
 * `ErrorMessage`.
 */
import { check, FakeAwsError } from "./aws-error";
import { isObject, type JsonObject, objects } from "./json";

/** The `X-Amz-Target` prefix of the service (the model's `targetPrefix`). */
export const EVENTBRIDGE_TARGET_PREFIX = "AWSEvents";

/** One event put on a bus, as EventBridge would deliver it to a rule's target (the event envelope). */
export interface PutEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: JsonObject;
  /** The bus it was put on. */
  readonly eventBusName: string;
}

const BUS_PATTERN = /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[.\-_A-Za-z0-9]+$/;
/** "the total entry size must be less than 256KB" (PutEvents). */
const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * PutEvents, recording every accepted event in `events` (and in `pending`, which a test drains to deliver them).
 *
 * @example
 * const eventBridge = new FakeEventBridge({ region: "eu-west-1", accountId: "123456789012" });
 * eventBridge.handle("PutEvents", { Entries: [{ Source: "tributary.cloner", DetailType: "x", Detail: "{}" }] });
 * eventBridge.drain(); // [{ source: "tributary.cloner", "detail-type": "x", detail: {}, ... }]
 */
export class FakeEventBridge {
  readonly events: PutEvent[] = [];
  private pending: PutEvent[] = [];
  private nextId = 1;

  constructor(private readonly options: { readonly region: string; readonly accountId: string }) {}

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
    if (operation !== "PutEvents")
      throw new FakeAwsError(
        "UnknownOperationException",
        `The fake does not implement EventBridge ${operation}`,
      );
    const entries = input.Entries;
    check(
      Array.isArray(entries) && entries.length >= 1 && entries.length <= 10,
      "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1",
    );
    check(
      Buffer.byteLength(JSON.stringify(entries)) < MAX_REQUEST_BYTES,
      "Total size of the entries in the request is over the limit.",
    );
    const complete = (entry: JsonObject) =>
      typeof entry.Source === "string" &&
      typeof entry.DetailType === "string" &&
      typeof entry.Detail === "string";
    check(
      objects(entries).some(complete),
      "Parameter(s) Source, DetailType and Detail are required for at least one entry.",
    );
    const results = (entries as unknown[]).map((raw) => {
      const entry = isObject(raw) ? raw : {};
      if (!complete(entry))
        return {
          ErrorCode: "InvalidArgument",
          ErrorMessage: "Parameter(s) Source, DetailType or Detail is missing.",
        };
      const bus = typeof entry.EventBusName === "string" ? entry.EventBusName : "default";
      if (!BUS_PATTERN.test(bus) || bus.length > 1600)
        return { ErrorCode: "InvalidArgument", ErrorMessage: `Invalid EventBusName ${bus}.` };
      if (String(entry.DetailType).length > 128)
        return { ErrorCode: "InvalidArgument", ErrorMessage: "DetailType is longer than 128 characters." };
      let detail: unknown;
      try {
        detail = JSON.parse(String(entry.Detail));
      } catch {
        detail = undefined;
      }
      if (!isObject(detail)) return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
      const id = `${(this.nextId++).toString(16).padStart(8, "0")}-eb00-4000-8000-000000000000`;
      const event: PutEvent = {
        version: "0",
        id,
        "detail-type": String(entry.DetailType),
        source: String(entry.Source),
        account: this.options.accountId,
        time: typeof entry.Time === "string" ? entry.Time : new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        region: this.options.region,
        resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
        detail,
        eventBusName: bus.split("/").pop() ?? bus,
      };
      this.events.push(event);
      this.pending.push(event);
      return { EventId: id };
    });
    return { FailedEntryCount: results.filter((result) => "ErrorCode" in result).length, Entries: results };
  }

  /** The events put since the last drain, oldest first (what the rules would deliver now). */
  drain(): PutEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
